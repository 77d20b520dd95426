import type { CitationGroup } from '../core/draft/citations';
import { pairQuoteMarks } from '../core/draft/quoteMarkPairing';
import { sameSpeaker, speakerOfQuote, type QuoteSpeaker } from '../core/draft/quoteSpeaker';
import type { Source } from '../core/library/source';
import type { PassageMatch } from '../core/match/quoteMatcher';
import { cuesOfMatch } from './locatorCheck';
import { passageOffsets } from './sourceLocations';

/**
 * Who said it (SPEC section 3): the person the draft names for a quote against the speaker of the
 * matched passage in the source — a transcript's cue, or in an article the attribution of the
 * quotation holding the passage. Precision first: wherever either side is unclear, nothing is said.
 */
export type SpeakerProblem =
  /** The draft names one speaker; the source gives these words to another. */
  | { readonly kind: 'wrong-speaker'; readonly draft: NamedSpeaker; readonly source: string }
  /** The draft gives a named person these words; in the cited article they are its narration. */
  | { readonly kind: 'not-a-quotation'; readonly draft: NamedSpeaker };

/** A speaker a text names, and where. */
export type NamedSpeaker = QuoteSpeaker & { readonly kind: 'named' };

/**
 * A paragraph led by its speaker's name, as transcripts printed in articles write it (`ANGUS KING:`,
 * `AUDIE CORNISH, HOST:`, `Sen. Alexander:`): the paragraph is that person's words.
 */
const LEAD = /^\s*(?:>>\s*)?((?:[\p{Lu}][\p{L}\p{M}.'’-]*\s+){0,4}[\p{Lu}][\p{L}\p{M}.'’-]*)(?:,\s*[\p{Lu}\s]{2,30})?:\s/u;
/** Verbs of writing: the narration of a text is its writer's own words, so no narration check. */
const WRITING = /^(?:wrote|writes|write|writing|posted|posts|tweeted|tweets|published|publishes)$/i;

/** The draft's text with citations blanked, so that `"…" [@key, 12:31], Dorsey said` reads as prose. */
export function speakerText(text: string, citations: readonly CitationGroup[]): string {
  let out = '';
  let at = 0;
  for (const group of citations) {
    if (group.start < at) continue;
    out += text.slice(at, group.start) + ' '.repeat(group.end - group.start);
    at = group.end;
  }
  return out + text.slice(at);
}

/**
 * What is wrong with who the draft says spoke a quote found word for word in its cited source, or
 * undefined when nothing is (or nothing can be told). `prose` is the draft's `speakerText`; the
 * quote is `[start, end)` (marks included) in its paragraph `[from, to)`.
 */
export function speakerProblemOf(prose: string, start: number, end: number, from: number, to: number, match: PassageMatch): SpeakerProblem | undefined {
  const draft = speakerOfQuote(prose, start, end, from, to);
  if (draft?.kind !== 'named') return undefined;
  const source = match.entry.source;
  if (source.cues) {
    const span = cuesOfMatch(match);
    // Several speakers, or a cue that names nobody: the source's speaker is unclear.
    if (!span || span.unnamed || span.speakers.length !== 1) return undefined;
    return sameSpeaker(draft.name, span.speakers[0]!) ? undefined : { kind: 'wrong-speaker', draft, source: span.speakers[0]! };
  }
  const { start: passageStart, end: passageEnd } = passageOffsets(match);
  const said = articleSpeaker(source, passageStart, passageEnd);
  if (said === undefined) return undefined;
  if (said.kind === 'narration') {
    const writer = [source.meta.author, source.meta.outlet].filter((name): name is string => !!name);
    if (writer.some((name) => sameSpeaker(draft.name, name)) || WRITING.test(verbAfter(prose, draft))) return undefined;
    return { kind: 'not-a-quotation', draft };
  }
  return sameSpeaker(draft.name, said.name) ? undefined : { kind: 'wrong-speaker', draft, source: said.name };
}

/** The word after a named speaker in the draft (its verb, in `Smith wrote`), lower case. */
function verbAfter(prose: string, speaker: NamedSpeaker): string {
  return /^[\s,]*(\p{L}+)/u.exec(prose.slice(speaker.end, speaker.end + 40))?.[1] ?? '';
}

/** Who says a passage of an article: a named person, or the article itself (narration); undefined when unclear. */
type ArticleSpeaker = { readonly kind: 'named'; readonly name: string } | { readonly kind: 'narration' };

/** A paragraph of an article and its quotations (`[open, close + 1)`, or to the paragraph's end when left open). */
interface Paragraph {
  readonly start: number;
  readonly end: number;
  readonly quotations: ReadonlyArray<readonly [number, number]>;
  /** A quotation runs on past the paragraph's end (news style: a quote of several paragraphs). */
  readonly runsOn: boolean;
}

/**
 * Who says `[start, end)` of an article: the attribution of the quotation holding it, else the
 * article (narration). Undefined when the passage is partly quoted, in a block quote, in a quotation
 * whose attribution names nobody these rules can find, or after a quotation that runs on.
 */
function articleSpeaker(source: Source, start: number, end: number): ArticleSpeaker | undefined {
  const text = source.text;
  const paragraphs = paragraphsOf(text, source.bodyStart);
  const at = paragraphs.findIndex((p) => start >= p.start && start < p.end);
  const paragraph = paragraphs[at];
  if (paragraph === undefined || end > paragraph.end) return undefined;
  if (/^\s*>/.test(text.slice(paragraph.start, paragraph.end))) return undefined;
  // A question-and-answer article or a printed transcript: `NAME: words` leads the paragraph.
  const lead = LEAD.exec(text.slice(paragraph.start, paragraph.end));
  if (lead && start >= paragraph.start + lead[0].length) return { kind: 'named', name: lead[1]! };
  const holding = paragraph.quotations.find(([open, close]) => start >= open && end <= close);
  const overlapping = paragraph.quotations.some(([open, close]) => start < close && end > open);
  if (!holding) {
    if (overlapping || paragraphs[at - 1]?.runsOn) return undefined;
    return { kind: 'narration' };
  }
  const said = speakerOfQuote(text, holding[0], holding[1], paragraph.start, paragraph.end);
  if (said?.kind === 'named') return { kind: 'named', name: said.name };
  if (said?.kind !== 'nobody' || !said.pronoun) return undefined;
  // `"…," he added`: the speaker of the quotation before it in its paragraph, or — when the
  // paragraph opens with this quotation (wire style) — of the last quotation of the paragraph before.
  const opensParagraph = text.slice(paragraph.start, holding[0]).trim() === '';
  const earlier = opensParagraph
    ? (paragraphs[at - 1]?.quotations ?? []).map((q) => [q, paragraphs[at - 1]!] as const).slice(-1)
    : paragraph.quotations.filter(([open]) => open < holding[0]).map((q) => [q, paragraph] as const);
  const previous = earlier[earlier.length - 1];
  if (previous === undefined) return undefined;
  const [[open, close], where] = previous;
  const referent = speakerOfQuote(text, open, close, where.start, where.end);
  return referent?.kind === 'named' ? { kind: 'named', name: referent.name } : undefined;
}

/** The paragraphs of an article's body (blank lines part them) with their quotations. */
function paragraphsOf(text: string, bodyStart: number): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  const breaks = /\n[ \t]*\n/g;
  breaks.lastIndex = bodyStart;
  let from = bodyStart;
  for (;;) {
    const found = breaks.exec(text);
    const to = found ? found.index : text.length;
    if (to > from) {
      const { pairs, unclosed } = pairQuoteMarks(text.slice(from, to));
      const quotations: Array<[number, number]> = pairs.map(([open, close]) => [from + open, from + close]);
      if (unclosed !== undefined) quotations.push([from + unclosed, to]);
      paragraphs.push({ start: from, end: to, quotations, runsOn: unclosed !== undefined });
    }
    if (!found) break;
    from = found.index + found[0].length;
  }
  return paragraphs;
}
