import type { CitationGroup } from '../core/draft/citations';
import { pairQuoteMarks } from '../core/draft/quoteMarkPairing';
import { nameWords, namedByRole, sameSpeaker, sentenceSpans, sentenceSubject, speakerOfQuote, type QuoteSpeaker } from '../core/draft/quoteSpeaker';
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
const LEAD = /^\s*(?:>>\s*)?((?:[\p{Lu}][\p{L}\p{M}.'’-]*\s+){0,4}[\p{Lu}][\p{L}\p{M}.'’-]*)(?:,\s*[\p{Lu}\d][\p{Lu}\d\s.'’&()-]{1,40}){0,3}:\s/u;
/** Leads of printed transcripts that name nobody: interviews' `Q:` and `A:`, unnamed voices. */
const GENERIC_LEAD = /^(?:q|a|question|answer|questioner|reporter|reporters|unidentified\b.*|unknown\b.*|audience\b.*|crowd|voice|voices|male|female|man|woman|moderator|operator|participant|interviewer|interviewee)$/i;
/** Sentences and paragraphs read back, at most, for whom `he` or `she` stands for. */
const REFERENCE_SENTENCES = 8;
const REFERENCE_CHARACTERS = 4_000;
/** Characters of a paragraph's start a lead may take (`MAJ. HOWARD SMITH, SPOKESMAN, …:`). */
const MAX_LEAD = 200;
const REFERENCE_PARAGRAPHS = 4;
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
 * What is wrong with who the draft says spoke a quote found in its cited source (`match`, word for
 * word or closely), or undefined when nothing is (or nothing can be told). `draft` is the speaker
 * the draft names (`speakerOfQuote`, `speakerOfBlockQuote`) in `prose`, the draft's `speakerText`.
 */
export function speakerProblemOf(prose: string, draft: NamedSpeaker, match: PassageMatch): SpeakerProblem | undefined {
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
  const { paragraphs, printed } = articleOf(source);
  const at = paragraphs.findIndex((p) => start >= p.start && start < p.end);
  const paragraph = paragraphs[at];
  if (paragraph === undefined || end > paragraph.end) return undefined;
  if (/^\s*>/.test(text.slice(paragraph.start, paragraph.end))) return undefined;
  // A question-and-answer article or a printed transcript: `NAME: words` leads the paragraph.
  if (printed) {
    const lead = LEAD.exec(leadOf(text, paragraph));
    if (lead && start >= paragraph.start + lead[0].length - 1) return leadSpeaker(lead[1]!);
    // A paragraph without a lead belongs to the last lead before it (`AUDIE CORNISH, HOST:` alone on its line).
    if (!lead) {
      for (let p = at - 1; p >= 0; p--) {
        const earlier = LEAD.exec(leadOf(text, paragraphs[p]!));
        if (earlier) return leadSpeaker(earlier[1]!);
      }
    }
  }
  const holding = paragraph.quotations.find(([open, close]) => start >= open && end <= close);
  const overlapping = paragraph.quotations.some(([open, close]) => start < close && end > open);
  if (!holding) {
    // After a quotation that ran on from the paragraph before, narration is only what follows where it closes.
    const continued = paragraphs[at - 1]?.runsOn && !(paragraph.quotations[0] && text.slice(paragraph.start, paragraph.quotations[0][0]).trim() === '' && paragraph.quotations[0][1] <= start);
    if (overlapping || continued) return undefined;
    return { kind: 'narration' };
  }
  const found = attributionOf(text, paragraphs, at, holding);
  const said = found?.speaker;
  if (said?.kind === 'named') return { kind: 'named', name: said.name };
  // Unattributed: a quotation that opens its sentence continues the speaker named just before it
  // (news style: `"…," Mohammed said.` then a paragraph that is only a quotation).
  // Only a quotation that is its whole sentence: words around it may be an attribution these rules do not read.
  if (found === undefined) {
    const first = firstOfQuotation(text, paragraphs, at, holding);
    const opening = sentenceStartAt(text, paragraphs[first.at]!, first.quotation[0]);
    if (text.slice(opening, first.quotation[0]).trim() !== '' || !endsItsSentence(text, paragraph, holding)) return undefined;
    const name = referentBefore(text, paragraphs, first.at, opening, source.bodyStart, true);
    return name === undefined ? undefined : { kind: 'named', name };
  }
  // `"…," he added`, `"…," the head coach said`: whom the pronoun or the role stands for.
  const opening = sentenceStartAt(text, paragraphs[found.at]!, found.quotation[0]);
  let name: string | undefined;
  if (said?.kind === 'nobody' && said.role !== undefined) name = namedByRole(text, source.bodyStart, opening, said.role);
  else if (said?.kind === 'nobody' && (said.pronoun === 'he' || said.pronoun === 'she')) name = referentBefore(text, paragraphs, found.at, opening, source.bodyStart, false);
  return name === undefined ? undefined : { kind: 'named', name };
}

/** The speaker a printed transcript's lead names; undefined for leads that name nobody (`Q:`, `A:`, `QUESTION:`). */
function leadSpeaker(lead: string): ArticleSpeaker | undefined {
  return GENERIC_LEAD.test(lead.trim()) || nameWords(lead).length === 0 ? undefined : { kind: 'named', name: lead };
}

/** Where the sentence holding `offset` of a paragraph starts. */
function sentenceStartAt(text: string, paragraph: Paragraph, offset: number): number {
  let start = Math.max(paragraph.start, offset - REFERENCE_CHARACTERS);
  for (const [from] of sentenceSpans(text, start, Math.min(paragraph.end, offset + 1))) {
    if (from > offset) break;
    start = from;
  }
  return start;
}

/** Whether nothing but punctuation follows a quotation in its sentence (`"…."` then the next sentence or paragraph). */
function endsItsSentence(text: string, paragraph: Paragraph, quotation: readonly [number, number]): boolean {
  const from = Math.max(paragraph.start, quotation[1] - REFERENCE_CHARACTERS);
  const span = sentenceSpans(text, from, Math.min(paragraph.end, quotation[1] + REFERENCE_CHARACTERS)).find(([start, end]) => quotation[1] > start && quotation[1] <= end);
  return span !== undefined && /^[\s\p{P}]*$/u.test(text.slice(quotation[1], span[1]));
}

/** Where a quotation starts: for one that continues from earlier paragraphs (each opening with a mark), the first of them. */
function firstOfQuotation(text: string, paragraphs: readonly Paragraph[], at: number, quotation: readonly [number, number]): { at: number; quotation: readonly [number, number] } {
  let first = { at, quotation };
  for (let p = at - 1; p >= 0; p--) {
    if (text.slice(paragraphs[first.at]!.start, first.quotation[0]).trim() !== '') break;
    const earlier = paragraphs[p]!;
    const last = earlier.quotations[earlier.quotations.length - 1];
    if (!earlier.runsOn || !last || last[1] !== earlier.end) break;
    first = { at: p, quotation: last };
  }
  return first;
}

/**
 * Whom `he` or `she` (or an unattributed quotation) at `position` of paragraph `at` stands for:
 * the sentences before it are read back, at most a few and two paragraphs, to the first that names
 * its subject (`Lieberman also breathed a sigh of relief.`) or attributes its quotation to a name;
 * sentences whose subject is `he` or `she`, and quotations only continuing, pass the reading on. Any
 * other subject (`Shareholders applauded`, a role no name stands for) ends it: unclear. With
 * `speaking`, the first sentence must say something (a speech verb, or an attributed quotation).
 */
function referentBefore(text: string, paragraphs: readonly Paragraph[], at: number, position: number, bodyStart: number, speaking: boolean): string | undefined {
  let read = 0;
  for (let p = at; p >= 0 && at - p <= REFERENCE_PARAGRAPHS; p--) {
    const paragraph = paragraphs[p]!;
    // At most the stretch a few sentences take before `position` (a source may be one enormous paragraph).
    const end = p === at ? position : paragraph.end;
    const spans = sentenceSpans(text, Math.max(paragraph.start, end - REFERENCE_CHARACTERS), end).reverse();
    for (const [from, to] of spans) {
      // A sentence inside a quotation that opened in an earlier sentence belongs to that one.
      if (paragraph.quotations.some(([open, close]) => open < from && close > from)) continue;
      if (++read > REFERENCE_SENTENCES) return undefined;
      const quotations = paragraph.quotations.filter(([open]) => open >= from && open < to);
      let said: QuoteSpeaker | undefined;
      let speaks = true;
      if (quotations.length > 0) {
        const last = quotations[quotations.length - 1]!;
        said = attributionOf(text, paragraphs, p, last)?.speaker;
        // A sentence that is only a quotation, unattributed: the same speaker's, read on.
        if (said === undefined && text.slice(from, last[0]).trim() === '') continue;
      }
      // Narration, or a sentence that quotes without a speech verb (`Yadav termed it the 'farewell press conference'`).
      if (said === undefined) {
        const subject = sentenceSubject(text, from, to);
        said = subject?.subject;
        speaks = subject?.speaks ?? false;
      }
      if (said === undefined || (speaking && read === 1 && !speaks)) return undefined;
      if (said.kind === 'named') return said.name;
      if (said.role !== undefined) return namedByRole(text, bodyStart, from, said.role);
      if (said.pronoun !== 'he' && said.pronoun !== 'she') return undefined;
    }
  }
  return undefined;
}

/** An attribution found for a quotation, and the quotation of paragraph `at` whose sentence gives it. */
interface Attribution {
  readonly speaker: QuoteSpeaker;
  readonly at: number;
  readonly quotation: readonly [number, number];
}

/**
 * The attribution of quotation `quotation` of paragraph `at`: its own sentence's; for a quotation
 * of several paragraphs (news style: each paragraph opens with a mark, only the last closes) the
 * sentence where it closes, or where it opened.
 */
function attributionOf(text: string, paragraphs: readonly Paragraph[], at: number, quotation: readonly [number, number]): Attribution | undefined {
  const paragraph = paragraphs[at]!;
  const own = speakerOfQuote(text, quotation[0], quotation[1], paragraph.start, paragraph.end);
  if (own !== undefined) return { speaker: own, at, quotation };
  // `"…," said Bellamy. "…"`: a sentence that is only a quotation, right after an attributed one, is the same speaker's.
  const index = paragraph.quotations.findIndex((q) => q[0] === quotation[0]);
  const before = paragraph.quotations[index - 1];
  if (before && /[.!?]\s+$/.test(text.slice(before[1], quotation[0])) && quotation[0] - before[1] <= FOLLOWING_QUOTE_GAP) {
    const said = speakerOfQuote(text, before[0], before[1], paragraph.start, paragraph.end);
    if (said !== undefined) return { speaker: said, at, quotation: before };
  }
  // Runs on: follow the paragraphs that open with a mark to the one where it closes.
  if (paragraph.runsOn && quotation[1] === paragraph.end) {
    for (let p = at + 1; p < paragraphs.length; p++) {
      const next = paragraphs[p]!;
      const first = next.quotations[0];
      if (!first || text.slice(next.start, first[0]).trim() !== '') return undefined;
      if (!(next.runsOn && first[1] === next.end)) {
        const said = speakerOfQuote(text, first[0], first[1], next.start, next.end);
        return said === undefined ? undefined : { speaker: said, at: p, quotation: first };
      }
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
    if (said !== undefined) return { speaker: said, at: p, quotation: last };
    if (text.slice(earlier.start, last[0]).trim() !== '') return undefined;
  }
  return undefined;
}

/** Where a paragraph's lead would be: its first characters, and a space after them for `LEAD`'s end. */
function leadOf(text: string, paragraph: Paragraph): string {
  return `${text.slice(paragraph.start, Math.min(paragraph.end, paragraph.start + MAX_LEAD))} `;
}

/**
 * Whether an article prints a transcript: two or more paragraphs are led by a speaker's name. One
 * such paragraph is a dateline (`KUALA LUMPUR: …`), not a speaker.
 */
function isPrintedTranscript(text: string, paragraphs: readonly Paragraph[]): boolean {
  let leads = 0;
  for (const p of paragraphs) if (LEAD.test(leadOf(text, p)) && ++leads >= 2) return true;
  return false;
}

/** An article's paragraphs and whether it prints a transcript, read once per source (sources do not change). */
function articleOf(source: Source): { readonly paragraphs: readonly Paragraph[]; readonly printed: boolean } {
  let article = articles.get(source);
  if (article === undefined) {
    const paragraphs = paragraphsOf(source.text, source.bodyStart);
    article = { paragraphs, printed: isPrintedTranscript(source.text, paragraphs) };
    articles.set(source, article);
  }
  return article;
}
const articles = new WeakMap<Source, { readonly paragraphs: readonly Paragraph[]; readonly printed: boolean }>();

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
