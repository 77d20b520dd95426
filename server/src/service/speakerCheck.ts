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
/** Most characters of attribution between an attributed quotation and a following one of the same speaker. */
const FOLLOWING_QUOTE_GAP = 120;
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
  const lead = isPrintedTranscript(text, paragraphs) ? LEAD.exec(text.slice(paragraph.start, paragraph.end)) : null;
  if (lead && start >= paragraph.start + lead[0].length) return { kind: 'named', name: lead[1]! };
  // A printed transcript: a paragraph without a lead belongs to the last lead before it (`AUDIE CORNISH, HOST:` alone on its line).
  if (!lead && isPrintedTranscript(text, paragraphs)) {
    for (let p = at - 1; p >= 0; p--) {
      const earlier = LEAD.exec(`${text.slice(paragraphs[p]!.start, paragraphs[p]!.end)} `);
      if (earlier) return { kind: 'named', name: earlier[1]! };
    }
  }
  const holding = paragraph.quotations.find(([open, close]) => start >= open && end <= close);
  const overlapping = paragraph.quotations.some(([open, close]) => start < close && end > open);
  if (!holding) {
    if (overlapping || paragraphs[at - 1]?.runsOn) return undefined;
    return { kind: 'narration' };
  }
  const said = attributionOf(text, paragraphs, at, holding);
  if (said?.kind === 'named') return { kind: 'named', name: said.name };
  if (said?.kind !== 'nobody' || !said.pronoun) return undefined;
  // `"…," he added`: the speaker of the quotation before it in its paragraph, or — when the
  // paragraph opens with this quotation (wire style) — the last speaker the paragraph before names.
  const opensParagraph = text.slice(paragraph.start, holding[0]).trim() === '';
  const before = paragraph.quotations.filter(([open]) => open < holding[0]);
  const previous = paragraphs[at - 1];
  let referent: QuoteSpeaker | undefined;
  if (!opensParagraph) {
    const last = before[before.length - 1];
    referent = last && attributionOf(text, paragraphs, at, last);
  } else if (previous) {
    const last = previous.quotations[previous.quotations.length - 1];
    // With no quotation there, the speaker its last sentence names (`Nazri … said so far no minister had approached him.`).
    const sentenceEnd = previous.start + text.slice(previous.start, previous.end).replace(/[\s.!?]+$/, '').length;
    referent = last ? attributionOf(text, paragraphs, at - 1, last) : speakerOfQuote(text, sentenceEnd, sentenceEnd, previous.start, previous.end);
  }
  return referent?.kind === 'named' ? { kind: 'named', name: referent.name } : undefined;
}

/**
 * The attribution of quotation `quotation` of paragraph `at`: its own sentence's; for a quotation
 * of several paragraphs (news style: each paragraph opens with a mark, only the last closes) the
 * sentence where it closes, or where it opened.
 */
function attributionOf(text: string, paragraphs: readonly Paragraph[], at: number, quotation: readonly [number, number]): QuoteSpeaker | undefined {
  const paragraph = paragraphs[at]!;
  const own = speakerOfQuote(text, quotation[0], quotation[1], paragraph.start, paragraph.end);
  if (own !== undefined) return own;
  // `"…," said Bellamy. "…"`: a sentence that is only a quotation, right after an attributed one, is the same speaker's.
  const index = paragraph.quotations.findIndex((q) => q[0] === quotation[0]);
  const before = paragraph.quotations[index - 1];
  if (before && /[.!?]\s+$/.test(text.slice(before[1], quotation[0])) && quotation[0] - before[1] <= FOLLOWING_QUOTE_GAP) {
    const said = speakerOfQuote(text, before[0], before[1], paragraph.start, paragraph.end);
    if (said?.kind === 'named') return said;
  }
  // Runs on: follow the paragraphs that open with a mark to the one where it closes.
  if (paragraph.runsOn && quotation[1] === paragraph.end) {
    for (let p = at + 1; p < paragraphs.length; p++) {
      const next = paragraphs[p]!;
      const first = next.quotations[0];
      if (!first || text.slice(next.start, first[0]).trim() !== '') return undefined;
      if (!(next.runsOn && first[1] === next.end)) return speakerOfQuote(text, first[0], first[1], next.start, next.end);
    }
    return undefined;
  }
  // Continues a quotation that opened in an earlier paragraph: its attribution there.
  const opens = text.slice(paragraph.start, quotation[0]).trim() === '';
  for (let p = at - 1; opens && p >= 0; p--) {
    const earlier = paragraphs[p]!;
    const last = earlier.quotations[earlier.quotations.length - 1];
    if (!earlier.runsOn || !last || last[1] !== earlier.end) return undefined;
    const said = speakerOfQuote(text, last[0], last[1], earlier.start, earlier.end);
    if (said !== undefined) return said;
    if (text.slice(earlier.start, last[0]).trim() !== '') return undefined;
  }
  return undefined;
}

/**
 * Whether an article prints a transcript: two or more paragraphs are led by a speaker's name. One
 * such paragraph is a dateline (`KUALA LUMPUR: …`), not a speaker.
 */
function isPrintedTranscript(text: string, paragraphs: readonly Paragraph[]): boolean {
  let leads = 0;
  for (const p of paragraphs) if (LEAD.test(`${text.slice(p.start, p.end)} `) && ++leads >= 2) return true;
  return false;
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
