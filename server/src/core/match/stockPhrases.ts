/**
 * The stock-phrase rule of the reuse scan (SPEC section 5, `unquoted-reuse`: "informative"): a run
 * that many sources hold in different places is a phrase of the language or the genre (a formula, a
 * title, a salutation), not one source's words. Copies of one article (syndication, lightly edited)
 * are one place, however many sources they are.
 */

/** A source holding a run: its words, and the run's source words `[sourceFrom, sourceTo)`. */
export interface StockHolder {
  readonly entry: { readonly words: { readonly ids: ArrayLike<number> } };
  readonly sourceFrom: number;
  readonly sourceTo: number;
}

/** Words around a run compared to tell copies of one passage apart from a phrase in other places. */
const CONTEXT = 6;
/** Distinct words of `CONTEXT` two contexts must share, on both sides, to be one passage's. */
const SAME_CONTEXT = 4;

/**
 * Whether runs in `stockSources` or more sources are surrounded by different words in each (the
 * holders of a run the reuse scan chose, itself first): as many different words right before and right after, and as many different places,
 * holders whose `CONTEXT` words on both sides are mostly the same being one place (the edited copies
 * of a syndicated article, an edit next to the run giving it another neighbour).
 */
export function isStock(holders: readonly StockHolder[], stockSources: number): boolean {
  const before = new Set<number>();
  const after = new Set<number>();
  for (const h of holders) {
    const ids = h.entry.words.ids;
    before.add(h.sourceFrom > 0 ? ids[h.sourceFrom - 1]! : -1);
    after.add(h.sourceTo < ids.length ? ids[h.sourceTo]! : -1);
  }
  if (before.size < stockSources || after.size < stockSources) return false;
  const contextOf = (h: StockHolder): { before: Set<number>; after: Set<number> } => {
    const ids = h.entry.words.ids;
    const side = (from: number, to: number): Set<number> => {
      const words = new Set<number>();
      // Beyond the text, each position is a word of its own (two runs at the start share them).
      for (let k = from; k < to; k++) words.add(k >= 0 && k < ids.length ? ids[k]! : -1 - (k < 0 ? -k : k - ids.length));
      return words;
    };
    return { before: side(h.sourceFrom - CONTEXT, h.sourceFrom), after: side(h.sourceTo, h.sourceTo + CONTEXT) };
  };
  const shared = (a: Set<number>, b: Set<number>): number => {
    let n = 0;
    for (const word of a) if (b.has(word)) n++;
    return n;
  };
  // Places: each holder is a new one unless its context is that of a place already counted; a
  // phrase is stock as soon as enough are counted, so most holders of a stock phrase are not read.
  const places: Array<{ before: Set<number>; after: Set<number> }> = [];
  for (const h of holders) {
    const context = contextOf(h);
    if (places.some((p) => shared(p.before, context.before) >= SAME_CONTEXT && shared(p.after, context.after) >= SAME_CONTEXT)) continue;
    places.push(context);
    if (places.length >= stockSources) return true;
  }
  return false;
}
