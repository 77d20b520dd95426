/**
 * A Word `.docx` draft, read (never written): the paragraphs of the document body in order, each
 * with its runs joined into one line of text, and the Zotero and Mendeley citation fields in them
 * (`ADDIN ZOTERO_ITEM CSL_CITATION {…}`, `ADDIN CSL_CITATION {…}`) with their CSL items. The zip is
 * read with fflate (MIT, no dependencies, pure JavaScript) and the XML with linkedom's XML parser
 * (already Verbatim's HTML parser). Never throws: a file that is not a Word document is a reason.
 */
import { unzipSync } from 'fflate';
import { DOMParser } from 'linkedom';
import type { DocxCitationItem, DocxField, DocxParagraph } from '../core/draft/docxDraft';

/** Reads a `.docx` file's body; a string is the reason it cannot be read. */
export function readDocx(bytes: Uint8Array): readonly DocxParagraph[] | string {
  let xml: string;
  try {
    const files = unzipSync(bytes);
    const decode = (name: string): string | undefined => {
      const file = files[name];
      return file === undefined ? undefined : new TextDecoder('utf-8').decode(file);
    };
    // The main part is the package's officeDocument relationship (word/document.xml as Word names it).
    const rels = decode('_rels/.rels') ?? '';
    const target = /<Relationship\b[^>]*Type="[^"]*\/officeDocument"[^>]*>/.exec(rels)?.[0].match(/Target="([^"]+)"/)?.[1];
    const main = target !== undefined ? decode(target.replace(/^\//, '')) : undefined;
    const document = main ?? decode('word/document.xml');
    if (document === undefined) return 'not a Word document (no main document part inside)';
    xml = document;
  } catch (error) {
    return `not a Word document (${error instanceof Error ? error.message : String(error)})`;
  }
  try {
    const doc = new DOMParser().parseFromString(xml, 'text/xml') as unknown as { documentElement: XmlElement | null };
    const root = doc.documentElement;
    if (root === null) return 'not a Word document (no document element)';
    // Elements are told by namespace: Word writes `w:`, other tools other prefixes (`ns0:`).
    const w = prefixOf(root, WORDPROCESSING) ?? 'w';
    const body = findFirst(root, `${w}:body`);
    if (body === undefined) return 'not a Word document (no document body)';
    return new BodyReader(w, prefixOf(root, COMPATIBILITY) ?? 'mc').read(body);
  } catch (error) {
    return `cannot read the document's XML (${error instanceof Error ? error.message : String(error)})`;
  }
}

const WORDPROCESSING = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const COMPATIBILITY = 'http://schemas.openxmlformats.org/markup-compatibility/2006';

/** The prefix the root element declares for `namespace`. */
function prefixOf(root: XmlElement, namespace: string): string | undefined {
  const attributes = (root as unknown as { attributes?: ArrayLike<{ name: string; value: string }> }).attributes;
  for (let i = 0; i < (attributes?.length ?? 0); i++) {
    const attribute = attributes![i]!;
    if (attribute.value === namespace && attribute.name.startsWith('xmlns:')) return attribute.name.slice(6);
  }
  return undefined;
}

interface XmlElement {
  readonly tagName: string;
  readonly childNodes: ArrayLike<XmlNode>;
  getAttribute(name: string): string | null;
  readonly textContent: string | null;
}

interface XmlNode {
  readonly nodeType: number;
}

const ELEMENT = 1;

/** Subtrees that are not the document's text: deleted or moved-away runs, compatibility fallbacks, field codes of other kinds. */
const SKIPPED = new Set(['w:del', 'w:moveFrom', 'mc:Fallback', 'w:delText', 'w:delInstrText', 'w:rPr', 'w:pPr', 'w:footnoteReference', 'w:endnoteReference']);

interface OpenField {
  instruction: string;
  /** Paragraph and offset where the field's result starts (after `separate`). */
  result: { paragraph: MutableParagraph; start: number } | undefined;
}

interface MutableParagraph {
  text: string;
  readonly fields: DocxField[];
}

class BodyReader {
  private readonly skipped: ReadonlySet<string>;

  constructor(
    private readonly w: string,
    mc: string,
  ) {
    this.skipped = new Set([...SKIPPED].map((name) => (name.startsWith('mc:') ? `${mc}:${name.slice(3)}` : `${w}:${name.slice(2)}`)));
  }

  private readonly paragraphs: MutableParagraph[] = [];
  private readonly stack: MutableParagraph[] = [];
  private readonly fields: OpenField[] = [];

  read(body: XmlElement): DocxParagraph[] {
    this.walk(body);
    return this.paragraphs.map((p) => ({ text: p.text, fields: p.fields }));
  }

  private get current(): MutableParagraph | undefined {
    return this.stack[this.stack.length - 1];
  }

  private append(text: string): void {
    const paragraph = this.current;
    if (paragraph !== undefined) paragraph.text += text;
  }

  private walk(element: XmlElement): void {
    const children = element.childNodes;
    for (let i = 0; i < children.length; i++) {
      const node = children[i]!;
      if (node.nodeType !== ELEMENT) continue;
      this.visit(node as unknown as XmlElement);
    }
  }

  private visit(element: XmlElement): void {
    const tag = element.tagName;
    if (this.skipped.has(tag)) return;
    // Word's own elements by local name; any other namespace's are walked through.
    const name = tag.startsWith(`${this.w}:`) ? `w:${tag.slice(this.w.length + 1)}` : tag.includes(':') ? '' : tag;
    switch (name) {
      case 'w:p': {
        const paragraph: MutableParagraph = { text: '', fields: [] };
        this.paragraphs.push(paragraph);
        this.stack.push(paragraph);
        this.walk(element);
        this.stack.pop();
        return;
      }
      case 'w:t':
        this.append((element.textContent ?? '').replace(/[\r\n]/g, ' '));
        return;
      case 'w:tab':
      case 'w:ptab':
        this.append('\t');
        return;
      case 'w:br':
      case 'w:cr':
        this.append(' ');
        return;
      case 'w:noBreakHyphen':
        this.append('\u2011');
        return;
      case 'w:softHyphen':
        this.append('\u00ad');
        return;
      case 'w:fldChar':
        this.fieldCharacter(element.getAttribute(`${this.w}:fldCharType`) ?? '');
        return;
      case 'w:instrText': {
        const open = this.fields[this.fields.length - 1];
        if (open !== undefined && open.result === undefined) open.instruction += element.textContent ?? '';
        return;
      }
      case 'w:fldSimple': {
        const field: OpenField = { instruction: element.getAttribute(`${this.w}:instr`) ?? '', result: undefined };
        this.fields.push(field);
        this.fieldCharacter('separate');
        this.walk(element);
        this.fieldCharacter('end');
        return;
      }
      default:
        this.walk(element);
    }
  }

  private fieldCharacter(type: string): void {
    if (type === 'begin') {
      this.fields.push({ instruction: '', result: undefined });
    } else if (type === 'separate') {
      const open = this.fields[this.fields.length - 1];
      const paragraph = this.current;
      if (open !== undefined && paragraph !== undefined) open.result = { paragraph, start: paragraph.text.length };
    } else if (type === 'end') {
      const open = this.fields.pop();
      const paragraph = this.current;
      if (open === undefined || paragraph === undefined) return;
      const items = cslCitationItems(open.instruction);
      if (items === undefined) return;
      // A field whose result began in another paragraph is placed where it ends.
      const start = open.result !== undefined && open.result.paragraph === paragraph ? open.result.start : paragraph.text.length;
      paragraph.fields.push({ start, end: paragraph.text.length, items });
    }
  }
}

/** The CSL items of a Zotero or Mendeley citation field's instruction; undefined for other fields. */
export function cslCitationItems(instruction: string): DocxCitationItem[] | undefined {
  const found = /^\s*ADDIN\s+(?:ZOTERO_ITEM\s+)?CSL_CITATION\b/.exec(instruction);
  if (found === null) return undefined;
  const from = instruction.indexOf('{', found[0].length);
  const to = instruction.lastIndexOf('}');
  if (from < 0 || to < from) return [];
  let data: unknown;
  try {
    data = JSON.parse(instruction.slice(from, to + 1));
  } catch {
    // A damaged field: it cites something, but nothing can be read of it.
    return [];
  }
  const citationItems = (data as { citationItems?: unknown }).citationItems;
  if (!Array.isArray(citationItems)) return [];
  return citationItems.map((raw): DocxCitationItem => {
    const item = (raw ?? {}) as Record<string, unknown>;
    const itemData = (item['itemData'] ?? {}) as Record<string, unknown>;
    const issued = itemData['issued'] as { 'date-parts'?: unknown[][]; raw?: string } | undefined;
    const year = String(issued?.['date-parts']?.[0]?.[0] ?? /\d{4}/.exec(issued?.raw ?? '')?.[0] ?? '');
    return {
      citationKey: str(itemData['citation-key']) || str(itemData['citationKey']) || str(item['citation-key']),
      doi: str(itemData['DOI']),
      title: str(itemData['title']),
      year,
      locator: str(item['locator']),
      label: str(item['label']),
    };
  });
}

function str(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

function findFirst(element: XmlElement | null, tag: string): XmlElement | undefined {
  if (element === null) return undefined;
  if (element.tagName === tag) return element;
  const children = element.childNodes;
  for (let i = 0; i < children.length; i++) {
    const node = children[i]!;
    if (node.nodeType !== ELEMENT) continue;
    const found = findFirst(node as unknown as XmlElement, tag);
    if (found !== undefined) return found;
  }
  return undefined;
}
