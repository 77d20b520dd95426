import { LineIndex } from '../core/text/lineIndex';
import { decodeSourceBytes, type SourceLimits } from '../core/library/source';
import { buildTextOrigin } from '../core/text/textOrigin';
import { tokenize } from '../core/text/tokenizer';
import { asNoteMark } from '../core/text/noteMarks';
import { htmlVisibleText } from './htmlVisibleText';
import type { ReadResult, SourceReader } from './sourceReader';

/**
 * Saved web pages: the article text as Mozilla's Readability finds it (Firefox's reader view: no
 * navigation, ads or comments) on linkedom's DOM, with title, byline, date and site name, and an
 * origin that maps the article's words back to lines of the HTML file.
 */
export const htmlReader: SourceReader = {
  format: 'html',
  extensions: ['.html', '.htm', '.xhtml'],
  read: readHtml,
};

/** Fewer words than this are not an article (a login page, a list of links). */
const MIN_ARTICLE_WORDS = 20;

/** Elements that end a line of text: the article's paragraphs become paragraphs of the text. */
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'ol', 'p', 'pre', 'section', 'table', 'td', 'th', 'tr', 'ul',
]);

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  remove(): void;
}

type HtmlParsers = typeof import('./htmlParsers');
let parsers: HtmlParsers | undefined;

/** linkedom and Readability, loaded on the first HTML file (a library without one never loads them). */
function loadParsers(): HtmlParsers {
  // A separate bundle in dist/ (see scripts/build.mjs); the TypeScript module when run from source.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  parsers ??= require('./htmlParsers') as HtmlParsers;
  return parsers;
}

/** Reads an HTML page's article; a page with no article is refused with that reason. */
export function readHtml(bytes: Uint8Array, limits: SourceLimits): ReadResult {
  const decoded = decodeHtml(bytes, limits);
  if ('reason' in decoded) return decoded;
  const html = decoded.text;
  const { parseHTML, Readability } = loadParsers();
  const { document } = parseHTML(html);
  const meta = (selector: string, attribute = 'content'): string => document.querySelector(selector)?.getAttribute(attribute)?.trim() ?? '';
  const url = meta('link[rel="canonical"]', 'href') || meta('meta[property="og:url"]');
  removeComments(document.documentElement as unknown as DomNode);
  const article = new Readability(document as unknown as ConstructorParameters<HtmlParsers['Readability']>[0]).parse();
  if (article === null || !article.content) return { reason: 'no article text found in the page (Readability)' };
  const text = articleText(parseHTML(`<!doctype html><html><body>${article.content}</body></html>`).document.body as unknown as DomNode);
  // Readability returns its best guess even for a login form or an index page: so few words are no article.
  const words = tokenize(text).length;
  if (words < MIN_ARTICLE_WORDS) return { reason: `no article text found in the page (Readability found ${words === 0 ? 'no words' : `only ${words} words`})` };
  const site = article.siteName?.trim() ?? '';
  const fields: Record<string, string> = {};
  const title = stripSiteName(article.title?.trim() ?? '', site);
  if (title) fields['title'] = title;
  if (article.byline?.trim()) fields['author'] = article.byline.trim().replace(/^by\s+/i, '');
  if (site) fields['outlet'] = site;
  const date = /^\d{4}-\d{2}-\d{2}/.exec(article.publishedTime ?? '')?.[0];
  if (date) fields['date'] = date;
  if (url) fields['url'] = url;
  const visible = htmlVisibleText(html);
  const lines = new LineIndex(html);
  const origin = buildTextOrigin(text, visible.text, (i) => lines.positionAt(visible.offsets[i] ?? html.length), (s) => tokenize(s));
  return { text, extracted: { format: 'html', fields, origin } };
}

/**
 * Removes the page's comments. React's server rendering writes `<!-- -->` between the pieces of one
 * sentence (`appears in print on <!-- -->, on Page <!-- -->A<!-- -->22`), and Readability, which
 * wraps a `<div>`'s runs of inline content in paragraphs, ends a paragraph at each comment. Its own
 * tests parse pages without comments, as Firefox's reader view sees the text.
 */
function removeComments(root: DomNode): void {
  const comments: DomNode[] = [];
  const walk = (node: DomNode): void => {
    for (let i = 0; i < node.childNodes.length; i++) {
      const child = node.childNodes[i]!;
      if (child.nodeType === 8) comments.push(child);
      else if (child.nodeType === 1) walk(child);
    }
  };
  walk(root);
  for (const comment of comments) comment.remove();
}

/** The text of the article's DOM: one paragraph per block, white space collapsed. */
function articleText(root: DomNode): string {
  const parts: string[] = [];
  // Inside a note mark (a `<sup>` holding a link): its digits are written as superscript digits,
  // which a quote may leave out (`noteMarks`).
  let inMark = 0;
  const walk = (node: DomNode): void => {
    if (node.nodeType === 3) {
      const text = (node.textContent ?? '').replace(/\s+/g, ' ');
      parts.push(inMark > 0 ? asNoteMark(text) : text);
      return;
    }
    if (node.nodeType !== 1) return;
    const name = node.nodeName.toLowerCase();
    const block = BLOCKS.has(name);
    if (block) parts.push('\n\n');
    // A footnote marker (`claims.<sup><a href="#fn23">23</a></sup>If`) ends the word before it when it
    // links to its note, and always the word after it: `23If` is no word. An exponent (`km<sup>2</sup>`)
    // has no link and is not glued to the next word, so it stays.
    const mark = name === 'sup' && hasLink(node);
    if (mark) {
      parts.push(' ');
      inMark++;
    } else if (name === 'sup') {
      parts.push(SUP_START);
    }
    for (let i = 0; i < node.childNodes.length; i++) walk(node.childNodes[i]!);
    if (mark) inMark--;
    if (block) parts.push('\n\n');
    if (name === 'sup') parts.push(SUP_END);
  };
  walk(root);
  return parts
    .join('')
    // A superscript without a link glued to the next word is a note mark too (an exponent is not glued to a word after it).
    .replace(SUP_GLUED, (_, digits: string | undefined) => `${asNoteMark(digits ?? '')} `)
    .replaceAll(SUP_START, '')
    .replaceAll(SUP_END, '')
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.replace(/ {2,}/g, ' ').trim())
    .filter((paragraph) => paragraph !== '')
    .join('\n\n')
    .concat('\n');
}

/** Where a `<sup>` ended while the article's text is assembled (a private-use character, removed after). */
const SUP_END = '\ue000';
/** Where a `<sup>` without a link started (a private-use character, removed after). */
const SUP_START = '\ue001';
/** A superscript glued to the next word, with what it holds. */
const SUP_GLUED = /(?:\ue001([^\ue000\ue001]*))?\ue000(?=[\p{L}\p{N}])/gu;

/** Whether an element holds a link (`<a>`). */
function hasLink(node: DomNode): boolean {
  for (let i = 0; i < node.childNodes.length; i++) {
    const child = node.childNodes[i]!;
    if (child.nodeType === 1 && (child.nodeName.toLowerCase() === 'a' || hasLink(child))) return true;
  }
  return false;
}

/** "Headline | Site" and "Headline - Site" lose the site's name, which is the outlet. */
function stripSiteName(title: string, site: string): string {
  if (site === '') return title;
  for (const separator of [' | ', ' - ', ' — ', ' – ', ' :: ']) {
    if (title.endsWith(`${separator}${site}`)) return title.slice(0, -(separator.length + site.length)).trim();
  }
  return title;
}

/** The page's text: UTF-8 or UTF-16 by BOM, else the charset its `<meta>` declares. */
function decodeHtml(bytes: Uint8Array, limits: SourceLimits): { text: string } | { reason: string } {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  const declared = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  if (declared && !['utf-8', 'utf8', 'utf-16', 'unicode'].includes(declared) && bytes.length <= limits.maxBytes) {
    try {
      return { text: new TextDecoder(declared).decode(bytes) };
    } catch {
      // An unknown label: read it as UTF-8, which refuses it clearly if it is not.
    }
  }
  return decodeSourceBytes(bytes, limits);
}
