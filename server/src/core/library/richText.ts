/**
 * Rich text in bibliography titles: the HTML-like markup of CSL-JSON (citeproc-js's `<i>`, `<b>`,
 * `<sup>`, `<sub>`, `<span style="font-variant:small-caps;">`, `<span class="nocase">`; Better BibTeX
 * and the BibTeX parser write the same), the one form a catalogue entry's `richTitle` holds. Pandoc's
 * Markdown of CSL-YAML (`*x*`, `**x**`, `^x^`, `~x~`, `[x]{.smallcaps}`, `[x]{.nocase}`) is turned into
 * it when read (`markdownTitleToHtml`): elsewhere `*`, `^`, `~` are text (`2011-05-25~/2012-06-26~`).
 * Titles are matched as plain text and shown formatted.
 */

/** One piece of a rich title: text and the formatting it carries. */
interface RichRun {
  readonly text: string;
  readonly italic: boolean;
  readonly bold: boolean;
  readonly sup: boolean;
  readonly sub: boolean;
  readonly smallCaps: boolean;
}

type Style = Omit<RichRun, 'text'>;

const PLAIN: Style = { italic: false, bold: false, sup: false, sub: false, smallCaps: false };

/** A tag citeproc-js reads, or a Pandoc Markdown span: `<i>`, `</span>`, `[`…`]{.smallcaps}`. */
const HTML_TAG = /<(\/?)(i|em|b|strong|sup|sub|sc|span)\b([^<>]*)>/giy;
const MARKUP_HINT = /<\/?(?:i|em|b|strong|sup|sub|sc|span)\b/i;
const MARKDOWN_HINT = /\*|\^|~|\]\{\./;

/** Whether `text` may hold markup at all (most titles do not: they are returned as they are). */
export function mayHoldMarkup(text: string): boolean {
  return MARKUP_HINT.test(text);
}

/**
 * The runs of a rich title; text outside any markup is one plain run. Pandoc's Markdown marks are
 * read only with `markdown` (a CSL-YAML title).
 */
function runsOf(text: string, markdown = false): RichRun[] {
  const runs: RichRun[] = [];
  const stack: Array<{ tag: string; style: Style }> = [];
  let style = PLAIN;
  let plain = '';
  const flush = (): void => {
    if (plain !== '') runs.push({ text: plain, ...style });
    plain = '';
  };
  const open = (tag: string, next: Style): void => {
    flush();
    stack.push({ tag, style });
    style = next;
  };
  const close = (tag: string): boolean => {
    const at = stack.map((s) => s.tag).lastIndexOf(tag);
    if (at < 0) return false;
    flush();
    style = stack[at]!.style;
    stack.length = at;
    return true;
  };
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (c === '<') {
      HTML_TAG.lastIndex = i;
      const tag = HTML_TAG.exec(text);
      if (tag) {
        const name = tag[2]!.toLowerCase();
        const kind = name === 'em' ? 'i' : name === 'strong' ? 'b' : name;
        if (tag[1] === '/') close(kind);
        else open(kind, styled(style, kind, tag[3] ?? ''));
        i += tag[0].length;
        continue;
      }
    }
    // Pandoc Markdown: `**bold**`, `*italic*`, `^sup^`, `~sub~` around text that does not start or
    // end with a space; `[text]{.smallcaps}` and `[text]{.nocase}`.
    if (markdown && (c === '*' || c === '^' || c === '~')) {
      const mark = c === '*' && text[i + 1] === '*' ? '**' : c;
      const kind = mark === '**' ? 'b' : mark === '*' ? 'i' : mark === '^' ? 'sup' : 'sub';
      if (stack[stack.length - 1]?.tag === `md${mark}` && !/\s/.test(text[i - 1] ?? ' ')) {
        close(`md${mark}`);
        i += mark.length;
        continue;
      }
      const end = text.indexOf(mark, i + mark.length + 1);
      const inner = end < 0 ? '' : text.slice(i + mark.length, end);
      if (inner !== '' && !/^\s|\s$/.test(inner) && (mark.length === 2 || !inner.includes(mark)) && (kind === 'b' || kind === 'i' || !/\s/.test(inner))) {
        open(`md${mark}`, styled(style, kind, ''));
        i += mark.length;
        continue;
      }
    }
    if (markdown && c === '[') {
      const span = /^\[([^[\]]*)\]\{\.(smallcaps|nocase)\}/.exec(text.slice(i, i + 400));
      if (span) {
        flush();
        runs.push({ text: span[1]!, ...(span[2] === 'smallcaps' ? { ...style, smallCaps: true } : style) });
        i += span[0].length;
        continue;
      }
    }
    plain += c;
    i++;
  }
  flush();
  return runs;
}

function styled(style: Style, kind: string, attributes: string): Style {
  switch (kind) {
    case 'i':
      return { ...style, italic: !style.italic };
    case 'b':
      return { ...style, bold: true };
    case 'sup':
      return { ...style, sup: true };
    case 'sub':
      return { ...style, sub: true };
    case 'sc':
      return { ...style, smallCaps: true };
    default:
      return /small-caps/i.test(attributes) ? { ...style, smallCaps: true } : style;
  }
}

/**
 * A CSL-YAML title (Pandoc's Markdown, HTML tags allowed) in the HTML-like form `richTitle` holds:
 * `*x*` → `<i>x</i>`, `[x]{.smallcaps}` → a small-caps span; a title without Markdown is returned as it is.
 */
export function markdownTitleToHtml(text: string): string {
  if (!MARKDOWN_HINT.test(text)) return text;
  return runsOf(text, true)
    .map((run) => {
      let piece = run.text;
      if (run.smallCaps) piece = `<span style="font-variant:small-caps;">${piece}</span>`;
      if (run.sub) piece = `<sub>${piece}</sub>`;
      if (run.sup) piece = `<sup>${piece}</sup>`;
      if (run.bold) piece = `<b>${piece}</b>`;
      if (run.italic) piece = `<i>${piece}</i>`;
      return piece;
    })
    .join('');
}

/** The plain text of a rich title: markup dropped, `&lt;`-style references decoded, white space collapsed. */
export function richTextPlain(text: string): string {
  if (!mayHoldMarkup(text) && !text.includes('&')) return text;
  return collapse(decodeEntities(runsOf(text).map((run) => run.text).join('')));
}

const SUPERSCRIPTS: Readonly<Record<string, string>> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '+': '⁺', '-': '⁻', '=': '⁼', '(': '⁽', ')': '⁾',
  a: 'ᵃ', b: 'ᵇ', c: 'ᶜ', d: 'ᵈ', e: 'ᵉ', f: 'ᶠ', g: 'ᵍ', h: 'ʰ', i: 'ⁱ', j: 'ʲ', k: 'ᵏ', l: 'ˡ', m: 'ᵐ', n: 'ⁿ', o: 'ᵒ', p: 'ᵖ', r: 'ʳ', s: 'ˢ', t: 'ᵗ', u: 'ᵘ', v: 'ᵛ', w: 'ʷ', x: 'ˣ', y: 'ʸ', z: 'ᶻ',
};
const SUBSCRIPTS: Readonly<Record<string, string>> = {
  '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉', '+': '₊', '-': '₋', '=': '₌', '(': '₍', ')': '₎',
  a: 'ₐ', e: 'ₑ', h: 'ₕ', i: 'ᵢ', j: 'ⱼ', k: 'ₖ', l: 'ₗ', m: 'ₘ', n: 'ₙ', o: 'ₒ', p: 'ₚ', r: 'ᵣ', s: 'ₛ', t: 'ₜ', u: 'ᵤ', v: 'ᵥ', x: 'ₓ',
};

/**
 * A rich title as Markdown for a hover card: italics and bold as Markdown, superscripts and
 * subscripts as Unicode characters where every character has one (`x²`, `CO₂`, `xiiᵉ`), small caps
 * as capitals; `escape` escapes the plain text of each run.
 */
export function richTextMarkdown(text: string, escape: (plain: string) => string): string {
  if (!mayHoldMarkup(text)) return escape(decodeEntities(text));
  const out: string[] = [];
  for (const run of runsOf(text)) {
    let plain = decodeEntities(run.text);
    if (run.smallCaps) plain = plain.toUpperCase();
    if (run.sup || run.sub) {
      const table = run.sup ? SUPERSCRIPTS : SUBSCRIPTS;
      const chars = [...plain.toLowerCase()];
      if (chars.every((ch) => table[ch] !== undefined)) plain = chars.map((ch) => table[ch]).join('');
    }
    let piece = escape(plain);
    const edge = /^(\s*)(.*?)(\s*)$/s.exec(piece)!;
    if (edge[2] !== '' && (run.bold || run.italic)) {
      const mark = run.bold && run.italic ? '***' : run.bold ? '**' : '*';
      piece = `${edge[1]}${mark}${edge[2]}${mark}${edge[3]}`;
    }
    out.push(piece);
  }
  return collapse(out.join(''));
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]+);/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
