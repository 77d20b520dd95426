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
 * sources the draft may see, the sources it cites named first.
 */
export function paragraphReuse(context: ServiceContext, analysis: DraftAnalysis, paragraph: ParagraphProse, scope: DraftScope | undefined): ReuseRun[] {
  const preferred = new Set<number>();
  for (const key of paragraph.keys) {
    const entry = sourceOf(context, key, scope);
    if (entry !== undefined) preferred.add(entry.docId);
  }
  const runs = context.reuse.scanParagraph(analysis.text, paragraph.start, paragraph.end, paragraph.ranges, preferred);
  const hidden = hiddenSources(context.library, scope);
  return hidden.size === 0 ? [...runs] : runs.filter((run) => !hidden.has(run.entry.docId));
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
 * The quotation marks a draft uses (those of its first inline quotation), to wrap a run in: a
 * Chinese or Japanese run takes 「」 when the draft has none of its own.
 */
export function draftQuoteMarks(analysis: DraftAnalysis, run: ReuseRun): readonly [string, string] {
  const first = analysis.quotations.find((q) => q.kind === 'inline');
  if (first !== undefined) return [analysis.text[first.start]!, analysis.text[first.end - 1]!];
  return isCharacterWord(analysis.text[run.start] ?? '') ? ['「', '」'] : ['“', '”'];
}

/** Whether a citation of `key` follows the run, with only spaces between (then the fix adds none). */
export function citedRightAfter(analysis: DraftAnalysis, run: ReuseRun, key: string): boolean {
  const group = analysis.citations.find((g) => g.start >= run.end);
  return group !== undefined && /^\s*$/.test(analysis.text.slice(run.end, group.start)) && group.citations.some((c) => c.key === key);
}
