import { strToU8, zipSync } from 'fflate';

/** A piece of a test paragraph: plain runs, or a citation field with its shown result. */
export type DocxPiece = string | { readonly field: 'zotero' | 'mendeley'; readonly result: string; readonly items: ReadonlyArray<Record<string, unknown>> };

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Runs of `text`, split every few characters the way Word splits runs at edits and spell checks. */
function runs(text: string, split: number): string {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += split) parts.push(text.slice(i, i + split));
  return parts.map((part) => `<w:r><w:rPr><w:lang w:val="en-US"/></w:rPr><w:t xml:space="preserve">${escape(part)}</w:t></w:r>`).join('');
}

function field(piece: Exclude<DocxPiece, string>, split: number): string {
  const json = JSON.stringify({ citationItems: piece.items, schema: 'https://github.com/citation-style-language/schema/raw/master/csl-citation.json' });
  const instruction = `${piece.field === 'zotero' ? ' ADDIN ZOTERO_ITEM CSL_CITATION ' : 'ADDIN CSL_CITATION '}${json} `;
  // The instruction is split over several runs too, as Word stores long field codes.
  const half = Math.floor(instruction.length / 2);
  return (
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>' +
    `<w:r><w:instrText xml:space="preserve">${escape(instruction.slice(0, half))}</w:instrText></w:r>` +
    `<w:r><w:instrText xml:space="preserve">${escape(instruction.slice(half))}</w:instrText></w:r>` +
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' +
    runs(piece.result, split) +
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
  );
}

/** A minimal Word document whose body holds `paragraphs` (each a list of pieces), runs split every `split` characters. */
export function makeDocx(paragraphs: ReadonlyArray<readonly DocxPiece[]>, split = 7): Uint8Array {
  const body = paragraphs.map((pieces) => `<w:p>${pieces.map((p) => (typeof p === 'string' ? runs(p, split) : field(p, split))).join('')}</w:p>`).join('');
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}<w:sectPr/></w:body></w:document>`;
  return zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
    '_rels/.rels': strToU8('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
    'word/document.xml': strToU8(document),
  });
}
