/**
 * The quotation marks of the world's languages (SPEC section 3), in one table. The quotation finder
 * pairs marks with it, quote completion closes with the opener's partner, and source sentences end
 * at any of its marks. Every style is recognised at once: no setting chooses among them.
 */

/** An opening mark and the mark that closes it. */
export interface QuotePair {
  readonly open: string;
  readonly close: string;
  /** White space may sit inside the marks (French `« … »` with a no-break space). */
  readonly spaced: boolean;
}

/** How one family of languages quotes: its primary marks and the marks of a quote inside a quote. */
export interface QuoteStyle {
  readonly name: string;
  readonly outer: readonly QuotePair[];
  readonly nested: readonly QuotePair[];
}

function pair(open: string, close: string, spaced = false): QuotePair {
  return { open, close, spaced };
}

export const QUOTE_STYLES: readonly QuoteStyle[] = [
  { name: 'English (US)', outer: [pair('"', '"'), pair('“', '”')], nested: [pair("'", "'"), pair('‘', '’')] },
  { name: 'English (UK)', outer: [pair("'", "'"), pair('‘', '’')], nested: [pair('"', '"'), pair('“', '”')] },
  {
    name: 'French, Swiss, Russian, Armenian, Ukrainian',
    outer: [pair('«', '»', true)],
    nested: [pair('„', '“'), pair('“', '”'), pair('‹', '›', true)],
  },
  { name: 'German', outer: [pair('„', '“'), pair('»', '«')], nested: [pair('‚', '‘'), pair('›', '‹')] },
  { name: 'Polish, Dutch, Hungarian, Romanian', outer: [pair('„', '”')], nested: [pair('‚', '’'), pair('«', '»', true)] },
  { name: 'Swedish, Finnish', outer: [pair('”', '”'), pair('»', '»')], nested: [pair('’', '’')] },
  { name: 'Japanese, Chinese', outer: [pair('「', '」'), pair('“', '”')], nested: [pair('『', '』'), pair('‘', '’')] },
];

/** A pair with where it may open: `outer` pairs anywhere, nested-only pairs inside another quote. */
export interface QuotePairUse extends QuotePair {
  readonly outer: boolean;
}

/**
 * A straight mark also closes its curly counterpart (`“…"`, `‘…'`), as Pandoc reads them: an editor
 * that curled only the opening mark should not hide a quote. Not a style: completion never offers it.
 */
const MIXED_PAIRS: readonly QuoteStyle[] = [{ name: 'mixed', outer: [pair('“', '"'), pair('‘', "'")], nested: [] }];

/**
 * Nested marks that also quote on their own: Japanese writers use `『…』` for a quote inside `「…」`
 * and, alone, for a quoted passage or a title. Not a style of its own: completion closes `『` alike.
 */
const ALSO_OUTER: readonly QuoteStyle[] = [{ name: 'alone', outer: [pair('『', '』')], nested: [] }];

/** Every distinct pair of the table; a pair that is outer in some style counts as outer. */
export const QUOTE_PAIRS: readonly QuotePairUse[] = (() => {
  const pairs = new Map<string, QuotePairUse>();
  for (const style of [...QUOTE_STYLES, ...MIXED_PAIRS, ...ALSO_OUTER]) {
    for (const [list, outer] of [[style.outer, true], [style.nested, false]] as const) {
      for (const p of list) {
        const key = p.open + p.close;
        const known = pairs.get(key);
        pairs.set(key, { ...p, outer: outer || (known?.outer ?? false), spaced: p.spaced || (known?.spaced ?? false) });
      }
    }
  }
  return [...pairs.values()];
})();

/** Characters that are apostrophes as often as quote marks: pairing, not the character, decides. */
export const APOSTROPHE_LIKE = new Set(["'", '’', '‘']);

/** Every character that opens or closes some quotation. */
export const QUOTE_MARKS: ReadonlySet<string> = new Set(QUOTE_PAIRS.flatMap((p) => [p.open, p.close]));

/** The pairs `mark` opens. */
export function pairsOpenedBy(mark: string): readonly QuotePairUse[] {
  return QUOTE_PAIRS.filter((p) => p.open === mark);
}

/** The mark that closes a quote opened with `open` (its first style's partner), or `"` if none. */
export function closingMarkFor(open: string | undefined): string {
  return QUOTE_PAIRS.find((p) => p.open === open)?.close ?? '"';
}

/** A regular expression class of the quote marks that are never apostrophes (to end source sentences). */
export const NON_APOSTROPHE_MARKS_CLASS = `[${[...QUOTE_MARKS].filter((m) => !APOSTROPHE_LIKE.has(m)).join('')}]`;
