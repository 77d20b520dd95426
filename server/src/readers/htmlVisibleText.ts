/**
 * The readable text of raw HTML with the offset in the file of each of its characters: tags,
 * comments, scripts and styles dropped, character references decoded. It is what a reader of the
 * page sees, in file order, so extracted article words can be found in the file (`buildTextOrigin`).
 */

/** Elements whose content is never text on the page. */
const HIDDEN = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'head', 'title']);
/** Inline elements: a tag between two letters does not split the word. */
const INLINE = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'dfn', 'em', 'i', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr']);
const NAMED: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', shy: '\u00ad',
  ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', sbquo: '‚', bdquo: '„', laquo: '«', raquo: '»',
  mdash: '—', ndash: '–', hellip: '…', minus: '−', thinsp: '\u2009', ensp: '\u2002', emsp: '\u2003',
  copy: '©', reg: '®', trade: '™', deg: '°', middot: '·', bull: '•', euro: '€', pound: '£', times: '×', frac12: '½', frac14: '¼', frac34: '¾',
  eacute: 'é', egrave: 'è', aacute: 'á', agrave: 'à', ouml: 'ö', uuml: 'ü', auml: 'ä', szlig: 'ß', ccedil: 'ç',
};

/** The visible text of `html` and, per character, its offset in `html`. */
export function htmlVisibleText(html: string): { text: string; offsets: Uint32Array } {
  const out: string[] = [];
  const offsets: number[] = [];
  const emit = (s: string, at: number): void => {
    for (let k = 0; k < s.length; k++) {
      out.push(s[k]!);
      offsets.push(at);
    }
  };
  let i = 0;
  const n = html.length;
  while (i < n) {
    const c = html.charCodeAt(i);
    if (c === 60 /* < */) {
      if (html.startsWith('<!--', i)) {
        const end = html.indexOf('-->', i + 4);
        i = end < 0 ? n : end + 3;
        continue;
      }
      const tag = /^<\/?([A-Za-z][A-Za-z0-9-]*)/.exec(html.slice(i, i + 40));
      const close = html.indexOf('>', i + 1);
      if (!tag) {
        emit('<', i);
        i++;
        continue;
      }
      const name = tag[1]!.toLowerCase();
      i = close < 0 ? n : close + 1;
      if (!tag[0].startsWith('</') && HIDDEN.has(name) && !html.slice(i - 2, i).startsWith('/')) {
        const closing = new RegExp(`</${name}[\\s>]`, 'gi');
        closing.lastIndex = i;
        const end = closing.exec(html);
        i = end === null ? n : end.index;
        continue;
      }
      if (!INLINE.has(name)) emit(' ', i - 1);
      // A footnote marker ends the words around it, as the article's text has it (`htmlReader`).
      else if (name === 'sup' && (tag[0].startsWith('</') ? /^[\p{L}\p{N}]/u.test(html[i] ?? '') : /^\s*<a[\s>]/i.test(html.slice(i, i + 40)))) emit(' ', i - 1);
      continue;
    }
    if (c === 38 /* & */) {
      const ref = /^&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?/.exec(html.slice(i, i + 40));
      const decoded = ref ? decodeReference(ref[1]!) : undefined;
      if (ref && decoded !== undefined) {
        emit(decoded, i);
        i += ref[0].length;
        continue;
      }
    }
    out.push(html[i]!);
    offsets.push(i);
    i++;
  }
  return { text: out.join(''), offsets: Uint32Array.from(offsets) };
}

function decodeReference(ref: string): string | undefined {
  if (ref.startsWith('#')) {
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
  }
  return NAMED[ref] ?? NAMED[ref.toLowerCase()];
}
