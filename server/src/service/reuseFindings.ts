import type { DraftAnalysis } from '../core/draft/draftAnalysis';
import { draftProseSteps, type ParagraphProse } from '../core/draft/draftProse';
import { finish, oneStep, type Steps } from '../core/draft/steps';
import { wordEndAt } from '../core/library/sourceLibrary';
import type { DiffRun } from '../core/match/quoteDiff';
import type { PassageMatch } from '../core/match/quoteMatcher';
import type { ReuseRun } from '../core/match/reuseScan';
import { isCharacterWord } from '../core/text/tokenizer';
import { hiddenSources, type DraftScope } from './draftScope';
import { sourceOf, type ServiceContext } from './serviceContext';

/** The paragraphs of a draft the reuse scan reads (none when the check is off). */
export function reuseParagraphs(context: ServiceContext, analysis: DraftAnalysis): readonly ParagraphProse[] {
  return finish(reuseParagraphSteps(context, analysis));
}

/** `reuseParagraphs` in steps: a step per block (see `Steps`). */
export function reuseParagraphSteps(context: ServiceContext, analysis: DraftAnalysis): Steps<readonly ParagraphProse[]> {
  return context.settings().reuseEnabled ? draftProseSteps(analysis) : oneStep(() => []);
}

/**
 * The unquoted reuse of one paragraph (SPEC section 5, `unquoted-reuse`): its runs found in the
 * sources the draft may see (another draft's bibliography's full texts, another workspace folder's
 * sources are never named), the sources it cites named first.
 */
export function paragraphReuse(context: ServiceContext, analysis: DraftAnalysis, paragraph: ParagraphProse, scope: DraftScope | undefined): ReuseRun[] {
  const preferred = new Set<number>();
  for (const key of paragraph.keys) {
    const entry = sourceOf(context, key, scope);
    if (entry !== undefined) preferred.add(entry.docId);
  }
  return [...context.reuse.scanParagraph(analysis.text, paragraph.start, paragraph.end, paragraph.ranges, preferred, hiddenSources(context.library, scope))];
}

/** A reuse run as a passage match, for the helpers that locate and show passages. */
export function reuseMatch(run: ReuseRun): PassageMatch {
  return {
    entry: run.entry,
    alignment: { cost: run.changes.length, matched: run.matched, steps: [], sourceStart: run.sourceFrom, sourceEnd: run.sourceTo, cells: 0 },
    exact: run.changes.length === 0,
    close: true,
    informative: run.information,
  };
}

/** The words a run changed from its source, as the quote check's differences (for messages and fixes). */
export function reuseDifferences(draft: string, run: ReuseRun): DiffRun[] {
  const { starts } = run.entry.words;
  const text = run.entry.source.text;
  return run.changes.map((change) => {
    const hasSource = change.sourceTo > change.sourceFrom;
    const hasDraft = change.end > change.start;
    const sourceStart = hasSource ? starts[change.sourceFrom]! : 0;
    const sourceEnd = hasSource ? wordEndAt(run.entry, change.sourceTo - 1) : 0;
    return {
      kind: hasDraft && hasSource ? 'replace' : hasDraft ? 'insert' : 'delete',
      quoteStart: change.start,
      quoteEnd: change.end,
      sourceStart,
      sourceEnd,
      quoteText: draft.slice(change.start, change.end),
      sourceText: text.slice(sourceStart, sourceEnd),
    };
  });
}

/** How many words a run holds, as a writer counts them: characters in Chinese and Japanese. */
export function reuseLength(draft: string, run: ReuseRun): string {
  return `${run.words} ${isCharacterWord(draft[run.start] ?? '') ? 'characters' : 'words'}`;
}

/**
 * How a fix quotes a run in this draft: as the draft's first inline quotation opens and closes (its
 * own marks, `\enquote{…}`, ``` ``…'' ```, `#quote[…]`), else as its syntax says, else in curly
 * double quotes (「」 around Chinese and Japanese). `original` is the draft's own text.
 */
export function draftQuoteMarks(original: string, analysis: DraftAnalysis, run: ReuseRun): readonly [string, string] {
  const first = analysis.quotations.find((q) => q.kind === 'inline');
  if (first !== undefined) {
    const open = original.slice(first.start, first.textStart).trimEnd();
    const close = original.slice(first.textEnd, first.end).trimStart();
    if (QUOTE_OPENING.test(open) && QUOTE_CLOSING.test(close)) return [open, close];
  }
  if (analysis.syntax.quoteMarks !== undefined) return analysis.syntax.quoteMarks;
  return isCharacterWord(analysis.text[run.start] ?? '') ? ['「', '」'] : ['“', '”'];
}

/** Openings of an inline quotation a fix may write again: a mark, TeX's ``` `` ```, a one-argument quote command, `#quote[`. */
const QUOTE_OPENING = /^(?:[^\s\p{L}\p{N}]|``|\\[A-Za-z]+\{|#quote\[)$/u;
const QUOTE_CLOSING = /^(?:[^\s\p{L}\p{N}]|''|\}|\])$/u;

/**
 * The draft range a fix quoting `run` replaces: the run, widened so that it holds whole groups of
 * markup (`\emph{…}` in LaTeX, `#emph[…]` and `*…*` in Typst, `*…*` and `_…_` in Markdown) and the
 * quotation marks wrap them rather than cut them. `original` is the draft's own text.
 */
export function quotedRange(original: string, analysis: DraftAnalysis, run: ReuseRun): [number, number] {
  let start = run.start;
  let end = run.end;
  // Markup opening a paragraph lies before its block's first word: the bounds are the blocks around.
  const blocks = analysis.structure.blocks;
  const at = blocks.findIndex((b) => b.start <= run.start && run.end <= b.end);
  const from = at > 0 ? blocks[at - 1]!.end : 0;
  const to = at >= 0 && at + 1 < blocks.length ? blocks[at + 1]!.start : original.length;
  const pairs: Array<[string, string]> = analysis.format === 'latex' ? [['{', '}']] : analysis.format === 'typst' ? [['[', ']']] : [];
  for (const [open, close] of pairs) {
    // Closers inside the run whose openers are before it, and openers whose closers are after it.
    let unopened = 0;
    let unclosed = 0;
    for (let k = start; k < end; k++) {
      if (escaped(original, k)) continue;
      if (original[k] === open) unclosed++;
      else if (original[k] === close) {
        if (unclosed > 0) unclosed--;
        else unopened++;
      }
    }
    for (let j = start - 1; unopened > 0 && j >= from; j--) {
      if (escaped(original, j)) continue;
      if (original[j] === close) unopened++;
      else if (original[j] === open && --unopened === 0) start = commandStart(original, j, from);
    }
    for (let j = end; unclosed > 0 && j < to; j++) {
      if (escaped(original, j)) continue;
      if (original[j] === open) unclosed++;
      else if (original[j] === close && --unclosed === 0) end = j + 1;
    }
  }
  // Emphasis marks toggle: an odd number inside the run pairs with one outside it.
  const toggles = analysis.format === 'latex' || analysis.format === 'docx' ? [] : ['*', '_'];
  for (const mark of toggles) {
    const marks = (a: number, b: number): number[] => {
      const at: number[] = [];
      for (let k = a; k < b; k++) if (original[k] === mark && !escaped(original, k) && !(mark === '_' && /[\p{L}\p{N}]/u.test(original[k - 1] ?? '') && /[\p{L}\p{N}]/u.test(original[k + 1] ?? ''))) at.push(k);
      return at;
    };
    if (marks(start, end).length % 2 === 0) continue;
    const before = marks(from, start);
    if (before.length % 2 === 1) start = before[before.length - 1]!;
    else {
      const after = marks(end, to);
      if (after.length > 0) end = after[0]! + 1;
    }
  }
  return [start, end];
}

/** Whether the character at `k` is escaped by a backslash. */
function escaped(text: string, k: number): boolean {
  let slashes = 0;
  while (k - slashes - 1 >= 0 && text[k - slashes - 1] === '\\') slashes++;
  return slashes % 2 === 1;
}

/** Where the group opening at `open` starts with its command (`\emph{`, `#emph[`), not before `from`. */
function commandStart(text: string, open: number, from: number): number {
  const head = /(?:\\[A-Za-z]+\*?(?:\[[^\]]*\])*|#[\p{L}_][\p{L}\p{N}_\-.]*(?:\([^)]*\))?)\s*$/u.exec(text.slice(Math.max(from, open - 80), open));
  return head === null ? open : Math.max(from, open - head[0].length);
}

/** Whether a citation of `key` follows the run, with only spaces between (then the fix adds none). */
export function citedRightAfter(analysis: DraftAnalysis, run: ReuseRun, key: string): boolean {
  const group = analysis.citations.find((g) => g.start >= run.end);
  return group !== undefined && /^\s*$/.test(analysis.text.slice(run.end, group.start)) && group.citations.some((c) => c.key === key);
}
