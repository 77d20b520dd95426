import { SPEECH_TABLES, type SpeechLanguage } from '../text/speechVerbs';
import { QUOTE_MARKS } from '../text/quoteStyles';
import type { BlockQuote, MarkdownStructure } from './markdownBlocks';

/**
 * Who a sentence says spoke a quote (SPEC section 3): the person it names with a speech verb or
 * `according to` — `Nersisyan said "…"`, `"…," said Gurgen Nersisyan`, `"…," the minister, Gurgen
 * Nersisyan, told the crowd`, `According to Nersisyan, "…"`, `Nersisyan: "…"`, a block quote's
 * `— Gurgen Nersisyan`. Pronouns and roles alone (`he said`, `the minister said`) name nobody; a
 * source article's sentences of narration say whom they are about (`sentenceSubject`, `namedByRole`)
 * so that its `he said` can be read back to a name. Used on drafts and on source articles alike.
 */
export type QuoteSpeaker =
  /** The sentence names the speaker: the name as written and where it is in the text. */
  | { readonly kind: 'named'; readonly name: string; readonly start: number; readonly end: number }
  /**
   * The sentence attributes the quote to a pronoun or a role: nobody is named. `pronoun` is the
   * pronoun (lower case) when it is one; `role` the words of a definite role (`head coach` in `the
   * head coach said`), which an article may have given a name earlier.
   */
  | { readonly kind: 'nobody'; readonly pronoun?: string; readonly role?: string };

interface Token {
  readonly text: string;
  readonly lower: string;
  readonly start: number;
  readonly end: number;
  /** A word starting with a capital letter (or an initial). */
  readonly capital: boolean;
  /** Punctuation: `,` `:` `;` or a dash. */
  readonly mark: boolean;
}

/** Words inside a name that are not capitalised (`Ursula von der Leyen`, `Bashar al-Assad`). */
/** Words a role starts with (`the minister`, `his spokesman`). */
const DETERMINERS = new Set(['the', 'a', 'an', 'his', 'her', 'their', 'its', 'our', 'my', 'your', 'le', 'la', 'les', 'der', 'die', 'das']);
const PARTICLES = new Set(['de', 'van', 'von', 'der', 'den', 'al', 'bin', 'ibn', 'la', 'le', 'di', 'da', 'du', 'dos', 'das', 'ter', 'del']);
/** Longest stretch of words read on either side of a quote. */
const WINDOW = 220;
/** Most words of an apposition between a speaker and the verb (`Nersisyan, who led the ministry, said`). */
const MAX_APPOSITION = 12;
/** Most words between a verb and the quote after it (`said in a statement cited by the Wall Street Journal:`). */
const MAX_OBJECT = 12;
/** Most words of an opening phrase before a sentence's subject (`Speaking to reporters here today,`). */
const MAX_OPENER = 14;
/** Most words of an apposition after a sentence's subject (`Gandhi, who held a parallel press conference at the time …, urged`). */
const MAX_NARRATION_APPOSITION = 24;
// An abbreviation's full stop ends no sentence (`Mr.`, `Gen.`, `U.S.`, an initial).
const ABBREVIATION = /(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|St|Jr|Sr|Col|Capt|Lt|Sgt|Rev|No|vs|etc|Maj|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Inc|Corp|Co|Ltd)|\b\p{Lu}|\.\p{Lu})\.$/u;

/**
 * The speaker of the quote `[quoteStart, quoteEnd)` (marks included) of `text`, read in its
 * paragraph `[from, to)`: the attribution after the quote first (news style), else before it.
 * Undefined when the sentence attributes it to nobody in particular or in no way these rules read.
 */
export function speakerOfQuote(text: string, quoteStart: number, quoteEnd: number, from = 0, to = text.length): QuoteSpeaker | undefined {
  // A quote that ends its sentence with a full stop (`…transparency."`) has no attribution after it.
  const closed = /[^.]\.\s*$/.test(text.slice(Math.max(quoteStart, quoteEnd - 4), quoteEnd - 1));
  const after = closed ? [] : tokens(text, quoteEnd, sentenceEnd(text, quoteEnd, Math.min(to, quoteEnd + WINDOW)));
  const before = tokens(text, sentenceStart(text, Math.max(from, quoteStart - WINDOW), quoteStart), quoteStart);
  for (const language of SPEECH_TABLES) {
    const following = speakerAfter(after, language);
    if (following?.kind === 'named') return following;
    // `Jaitley said: "…," he said.`: the name before wins over a pronoun or role after.
    const leading = speakerBefore(before, language);
    if (leading?.kind === 'named') return leading;
    const found = following ?? leading;
    if (found) return found;
  }
  return undefined;
}

/** An attribution line: a dash, then the speaker's name (`— Gurgen Nersisyan`, `-- Nersisyan, interior minister`). */
const ATTRIBUTION_LINE = /^\s*(?:[—―–]|-{2,3})\s*(?=\p{Lu})/u;

/**
 * The speaker of a block quote: the attribution line that ends it or follows it (`— Gurgen
 * Nersisyan`), else the sentence that introduces it with a colon right before it (`Nersisyan told
 * parliament:`). Pronouns and roles name nobody, as in `speakerOfQuote`.
 */
export function speakerOfBlockQuote(text: string, structure: MarkdownStructure, quote: BlockQuote): QuoteSpeaker | undefined {
  const lines = [quote.paragraphs[quote.paragraphs.length - 1], quote.next];
  for (const index of lines) {
    const block = index === undefined ? undefined : structure.blocks[index];
    if (!block) continue;
    const line = text.slice(block.start, block.end).replace(/^[\s>]*/, '');
    const dash = ATTRIBUTION_LINE.exec(line);
    if (!dash) continue;
    const from = block.end - line.length + dash[0].length;
    const t = tokens(text, from, block.end);
    for (const language of SPEECH_TABLES) {
      const name = nameRun(t, 0, language);
      // The name alone, or before a comma that opens its role (`— Nersisyan, interior minister`).
      if (name?.kind === 'named' && (name.endToken === t.length - 1 || t[name.endToken + 1]!.text === ',')) return named(name);
    }
    return undefined;
  }
  // The paragraph that ends before the quote starts (in LaTeX, a citation inside the quote's markup may come between).
  const before = structure.blocks.slice(0, quote.paragraphs[0]).reverse().find((block) => block.end <= quote.start);
  if (!before || before.blockQuote !== undefined) return undefined;
  const intro = text.slice(before.start, before.end).trimEnd();
  if (!intro.endsWith(':')) return undefined;
  const t = tokens(text, sentenceStart(text, before.start, before.start + intro.length), before.start + intro.length);
  for (const language of SPEECH_TABLES) {
    const found = speakerBefore(t, language);
    if (found) return found;
  }
  return undefined;
}

/** `"…," said Nersisyan` / `"…," Nersisyan said` / `"…," according to Nersisyan` / `"…," he said`. */
function speakerAfter(t: readonly Token[], language: SpeechLanguage): QuoteSpeaker | undefined {
  let i = 0;
  while (t[i]?.mark) i++;
  const according = phraseAt(t, i, language.according);
  if (according > 0) return publicOf(nameRun(t, i + according, language));
  const inverted = phraseAt(t, i, language.invertible);
  if (inverted > 0) {
    const j = i + inverted;
    if (t[j] && language.pronouns.includes(t[j]!.lower)) return { kind: 'nobody', pronoun: t[j]!.lower };
    const name = nameRun(t, j, language);
    if (name?.kind === 'named') return named(name);
    // `said the minister, Gurgen Nersisyan,`: a role, then the name in apposition.
    const comma = roleThenComma(t, j, language);
    if (comma >= 0) return publicOf(nameRun(t, comma + 1, language)) ?? roleAt(t, j, comma);
    return roleAt(t, j, t.length) ?? name ?? { kind: 'nobody' };
  }
  return subjectThenVerb(t, i, t.length, language);
}

/** `Nersisyan said: "…"` / `According to Nersisyan, "…"` / `Nersisyan: "…"` / `He told reporters that "…"`. */
function speakerBefore(t: readonly Token[], language: SpeechLanguage): QuoteSpeaker | undefined {
  let end = t.length;
  while (end > 0 && t[end - 1]!.mark && t[end - 1]!.text !== ':') end--;
  if (end === 0) return undefined;
  // `Nersisyan: "…"` — the name alone before a colon, at the start of its sentence.
  if (t[end - 1]!.text === ':') {
    const colon = end - 1;
    let start = colon;
    while (start > 0 && !t[start - 1]!.mark) start--;
    const lead = nameRun(t, start, language);
    if (lead?.kind === 'named' && lead.endToken === colon - 1) return named(lead);
    end = colon;
  }
  // `According to Nersisyan, "…"`.
  for (let k = Math.max(0, end - 8); k < end; k++) {
    const according = phraseAt(t, k, language.according);
    if (according > 0) {
      const name = nameRun(t, k + according, language);
      if (name?.kind === 'named' && name.endToken >= end - 1) return named(name);
    }
  }
  // The last speech verb, with a few words after it (`told reporters on Monday that`).
  for (let v = end - 1; v >= Math.max(0, end - 1 - MAX_OBJECT); v--) {
    const length = verbEndingAt(t, v, language);
    // `the comments`, `his remarks`: a noun, not a verb.
    if (length === 0 || DETERMINERS.has(t[v - length]?.lower ?? '')) continue;
    if (!onlyCircumstances(t, v + 1, end, t[v]!.lower, language)) return undefined;
    return subjectBeforeVerb(t, v - length + 1, language);
  }
  return undefined;
}

/**
 * Whether the words between a speech verb and its quote (`[from, to)`) say only where, when or to
 * whom it was said (`told the Guardian on Monday that`, `said in an interview with Radio
 * Azatutyun:`), or whom the quote is about (`Spicer said Trump "…"`). A name there that no
 * preposition or verb of telling leads, and that the quote does not follow, may be the subject of
 * another clause (`Nersisyan said Pashinyan called it "…"`): unclear.
 */
function onlyCircumstances(t: readonly Token[], from: number, to: number, verb: string, language: SpeechLanguage): boolean {
  let led = language.telling.includes(verb);
  // The name right before the quote (`said Trump "…"`) is what the quote is about.
  let last = to;
  while (last > from && t[last - 1]!.capital) last--;
  for (let k = from; k < last; k++) {
    const token = t[k]!;
    if (language.prepositions.includes(token.lower)) led = true;
    else if (token.capital && !led && !language.notNames.includes(token.lower.replace(/\.$/, ''))) return false;
  }
  return true;
}

/** The speaker named right before a verb at token `verb`: `Nersisyan said`, `Nersisyan, the minister, also said`, `he said`. */
function subjectBeforeVerb(t: readonly Token[], verb: number, language: SpeechLanguage): QuoteSpeaker | undefined {
  let k = verb - 1;
  while (k >= 0 && language.between.includes(t[k]!.lower)) k--;
  if (k < 0) return undefined;
  if (language.pronouns.includes(t[k]!.lower)) return { kind: 'nobody', pronoun: t[k]!.lower };
  // `He, too, was concerned … and said`, `Yadav took to Twitter, saying:`: the verb shares the subject of its sentence.
  if (language.conjunctions.includes(t[k]!.lower) || (/^\p{Ll}+ing$/u.test(t[verb]!.text) && verb > 0 && !language.between.includes(t[verb - 1]!.lower))) {
    return subjectOfClause(t, 0, verb, language);
  }
  // An apposition between commas: `Nersisyan, who led the ministry, said`, `the minister, Gurgen Nersisyan, said`.
  if (t[k]!.text === ',') {
    let open = k - 1;
    while (open >= 0 && t[open]!.text !== ',' && k - open <= MAX_APPOSITION) open--;
    if (open < 0 || t[open]!.text !== ',') return undefined;
    const inside = nameRun(t, open + 1, language);
    if (inside?.kind === 'named' && inside.endToken === k - 1 && open > 0 && !t[open - 1]!.capital && !t[open - 1]!.mark) return named(inside);
    k = open - 1;
  }
  let start = k;
  while (start > 0 && isNameWord(t[start - 1]!)) start--;
  if (start > 0 && t[start - 1]!.lower === 'the') start--;
  const name = nameRun(t, start, language);
  // `Dorothy Hubbard of Struthers said`: the place is no speaker; the name before it is.
  if (name?.kind === 'named' && name.endToken === k && ORIGIN.has(t[start - 1]?.lower ?? '')) {
    let before = start - 2;
    while (before > 0 && isNameWord(t[before - 1]!)) before--;
    const person = before >= 0 ? nameRun(t, before, language) : undefined;
    return person?.kind === 'named' && person.endToken === start - 2 ? named(person) : undefined;
  }
  if (name?.kind === 'named' && name.endToken === k) return named(name);
  // `the minister said` (a role): nobody.
  if (!t[k]!.capital && !t[k]!.mark) return roleEndingAt(t, k) ?? { kind: 'nobody' };
  return name?.kind === 'nobody' ? name : undefined;
}

/**
 * The subject a clause `[i, end)` opens with, whatever its verb: `Lieberman also breathed a sigh`,
 * `He, too, was concerned`, `The head coach said that …`, after an opener (`But`, `Speaking to
 * reporters here today,`). Undefined when it opens with anything else (`Shareholders applauded`).
 */
function subjectOfClause(t: readonly Token[], i: number, end: number, language: SpeechLanguage, text?: string): QuoteSpeaker | undefined {
  while (i < end && (language.openers.includes(t[i]!.lower) || t[i]!.mark)) i++;
  // `Speaking to reporters here today, Nazri …`, `When asked …, Nazri …`: a phrase before a comma.
  const first = t[i];
  if (first && (language.prepositions.includes(first.lower) || language.subordinators.includes(first.lower) || /^\p{L}+ing$/u.test(first.text))) {
    let comma = i + 1;
    while (comma < end && comma - i <= MAX_OPENER && t[comma]!.text !== ',') comma++;
    if (t[comma]?.text !== ',') return undefined;
    i = comma + 1;
  }
  const head = t[i];
  if (!head) return undefined;
  if (language.pronouns.includes(head.lower)) return { kind: 'nobody', pronoun: head.lower };
  if (head.lower === 'the') {
    let k = i + 1;
    while (k < end && k - i <= 5 && !t[k]!.mark && !t[k]!.capital && !language.roles.includes(t[k]!.lower)) k++;
    // `the head coach`: a role may be two role words.
    while (t[k + 1] && language.roles.includes(t[k + 1]!.lower)) k++;
    if (t[k] && language.roles.includes(t[k]!.lower)) return roleEndingAt(t, k) ?? undefined;
  }
  // The first name a verb follows, after titles and roles (`Former Uttar Pradesh (UP) chief minister
  // and Samajwadi Party (SP) leader Akhilesh Yadav tweeted`); a verb before any such name ends it.
  for (let k = i; k < end && k - i <= MAX_OPENER; ) {
    const name = nameRun(t, k, language);
    if (name?.kind === 'named') {
      let j = name.endToken + 1;
      // `Chambers, one of Silicon Valley's longest-serving chief executives, said`.
      if (t[j]?.text === ',') {
        let close = j + 1;
        while (close < end && t[close]!.text !== ',' && close - j <= MAX_NARRATION_APPOSITION) close++;
        if (t[close]?.text !== ',') return undefined;
        j = close + 1;
      }
      j = pastOrigin(t, j, end, language);
      const next = j;
      while (t[j] && (language.between.includes(t[j]!.lower) || /^\p{Ll}+ly$/u.test(t[j]!.text))) j++;
      if ((t[next] && isVerbLike(t[next]!, language)) || (t[j] && isVerbLike(t[j]!, language))) {
        // A one-word name must be one: capitalised somewhere a sentence does not start (`Shareholders applauded` names nobody).
        return text === undefined || name.name.includes(' ') || isProperNoun(text, name.name, name.start) ? named(name) : undefined;
      }
      k = name.endToken + 1;
      continue;
    }
    // `in the House were`: a name after a preposition is no subject; neither is one after a verb.
    if (t[k]!.mark || isVerbLike(t[k]!, language) || language.pronouns.includes(t[k]!.lower) || language.prepositions.includes(t[k]!.lower)) return undefined;
    k++;
  }
  return undefined;
}

/** Words that open where a person is from, after the name (`Kathy Hollis of Austintown`, `Fiann Smithwick from the University`). */
const ORIGIN = new Set(['of', 'from']);
/** Most words of such a phrase of origin. */
const MAX_ORIGIN = 8;

/** Past a phrase of origin at token `j` (`of Struthers`, `from the University’s School of Earth Sciences`) to the verb after it; `j` when there is none. */
function pastOrigin(t: readonly Token[], j: number, end: number, language: SpeechLanguage): number {
  if (!ORIGIN.has(t[j]?.lower ?? '')) return j;
  for (let k = j + 1; k < end && k - j <= MAX_ORIGIN; k++) {
    if (t[k]!.mark || language.pronouns.includes(t[k]!.lower)) return j;
    if (isVerbLike(t[k]!, language) || phraseAt(t, k, language.verbs) > 0) return k;
  }
  return j;
}

/** Whether a word is a verb as narration uses one: a speech verb, a past tense in `-ed`, or a common verb (`took`, `is`). */
function isVerbLike(token: Token, language: SpeechLanguage): boolean {
  if (token.capital || token.mark) return false;
  return language.verbs.includes(token.lower) || language.narrationVerbs.includes(token.lower) || (language.narrationVerbs.length > 0 && /^\p{Ll}{3,}ed$/u.test(token.text));
}

/** A subject then a verb from token `i`: `Nersisyan said`, `the minister, Gurgen Nersisyan, told`, `he added`. */
function subjectThenVerb(t: readonly Token[], i: number, end: number, language: SpeechLanguage): QuoteSpeaker | undefined {
  const first = t[i];
  if (!first) return undefined;
  if (language.pronouns.includes(first.lower)) {
    let j = i + 1;
    while (t[j] && language.between.includes(t[j]!.lower)) j++;
    return phraseAt(t, j, language.verbs) > 0 ? { kind: 'nobody', pronoun: first.lower } : undefined;
  }
  // `the minister, Gurgen Nersisyan, told the crowd`.
  const comma = roleThenComma(t, i, language);
  let j = i;
  let name: ReturnType<typeof nameRun>;
  if (comma >= 0) {
    name = nameRun(t, comma + 1, language);
    if (name?.kind !== 'named' || t[name.endToken + 1]?.text !== ',') return undefined;
    j = name.endToken + 2;
  } else if (first.capital) {
    name = nameRun(t, i, language);
    if (name?.kind !== 'named') return undefined;
    j = name.endToken + 1;
    // An apposition: `Nersisyan, the minister, said`.
    if (t[j]?.text === ',') {
      let close = j + 1;
      while (close < end && t[close]!.text !== ',' && close - j <= MAX_APPOSITION) close++;
      if (t[close]?.text !== ',') return undefined;
      j = close + 1;
    }
    j = pastOrigin(t, j, end, language);
  } else {
    // `the minister said`: a role names nobody.
    if (!DETERMINERS.has(first.lower)) return undefined;
    let k = i;
    while (k < end && k - i < 5 && !t[k]!.mark && !t[k]!.capital && phraseAt(t, k, language.verbs) === 0) k++;
    const role = k > i + 1 ? roleEndingAt(t, k - 1) : undefined;
    while (t[k] && language.between.includes(t[k]!.lower)) k++;
    return k > i && phraseAt(t, k, language.verbs) > 0 ? (role ?? { kind: 'nobody' }) : undefined;
  }
  while (t[j] && language.between.includes(t[j]!.lower)) j++;
  if (phraseAt(t, j, language.verbs) === 0) return undefined;
  return named(name);
}

/**
 * A definite role ending at token `last` (`the head coach`, `the tourism and culture minister`):
 * nobody, with the role's words. Undefined when no `the` leads it within a few words; an indefinite
 * or possessive role (`a border guard`, `his spokesman`) is nobody without a role.
 */
function roleEndingAt(t: readonly Token[], last: number): QuoteSpeaker | undefined {
  let k = last;
  while (k > 0 && last - k < 5 && !t[k - 1]!.mark && !t[k - 1]!.capital && !DETERMINERS.has(t[k - 1]!.lower)) k--;
  const before = t[k - 1];
  if (!before || !DETERMINERS.has(before.lower)) return undefined;
  if (before.lower !== 'the') return { kind: 'nobody' };
  return { kind: 'nobody', role: t.slice(k, last + 1).map((token) => token.lower).join(' ') };
}

/** A role from token `i` (`the minister` in `said the minister`) up to `end`, as `roleEndingAt` reads it. */
function roleAt(t: readonly Token[], i: number, end: number): QuoteSpeaker | undefined {
  if (t[i]?.lower !== 'the') return undefined;
  let k = i + 1;
  while (k < end && k - i < 6 && !t[k]!.mark && !t[k]!.capital) k++;
  return k > i + 1 ? roleEndingAt(t, k - 1) : undefined;
}

function publicOf(found: ReturnType<typeof nameRun>): QuoteSpeaker | undefined {
  return found?.kind === 'named' ? named(found) : found;
}

/** A named speaker without the token index the rules kept. */
function named(name: { name: string; start: number; end: number }): QuoteSpeaker {
  return { kind: 'named', name: name.name, start: name.start, end: name.end };
}

/** When tokens from `i` are a lower-case role (`the minister`) and a comma, the comma's index; else -1. */
function roleThenComma(t: readonly Token[], i: number, language: SpeechLanguage): number {
  let k = i;
  while (k < t.length && k - i < 6 && !t[k]!.mark && (!t[k]!.capital || language.notNames.includes(t[k]!.lower))) k++;
  return k > i && t[k]?.text === ',' ? k : -1;
}

/**
 * A name starting at token `i`: capitalised words, initials and particles, titles and sentence
 * openers left out (`Prime Minister Nikol Pashinyan` is `Nikol Pashinyan`). Undefined when no name
 * starts there; nobody when only titles do (`the Minister`). A possessive (`Nersisyan's`) is no speaker.
 */
function nameRun(t: readonly Token[], i: number, language: SpeechLanguage): ((QuoteSpeaker & { kind: 'named' }) & { endToken: number }) | { kind: 'nobody' } | undefined {
  let k = i;
  // `the Interior Minister Gurgen Nersisyan` is a name after a title; `the Maine Republican`, `The White House` are none.
  const definite = t[k]?.lower === 'the';
  if (definite) k++;
  // The run of capitalised words (and particles inside it); the name is what follows its last title.
  let first = k;
  let last = -1;
  let titled = false;
  while (k < t.length && isNameWord(t[k]!)) {
    if (!t[k]!.capital) {
      if (!PARTICLES.has(t[k]!.lower)) break;
    } else if (language.notNames.includes(t[k]!.lower.replace(/\.$/, ''))) {
      first = k + 1;
      last = -1;
      titled = true;
    } else {
      last = k;
    }
    k++;
  }
  if (last < first || (definite && !titled)) return k > i ? { kind: 'nobody' } : undefined;
  if (language.pronouns.includes(t[first]!.lower)) return undefined;
  if (/['’]s?$/.test(t[last]!.text)) return undefined;
  return { kind: 'named', name: spanText(t, first, last), start: t[first]!.start, end: t[last]!.end, endToken: last };
}

function spanText(t: readonly Token[], first: number, last: number): string {
  return t.slice(first, last + 1).map((token) => token.text).join(' ');
}

function isNameWord(token: Token): boolean {
  return !token.mark && (token.capital || PARTICLES.has(token.lower));
}

/** How many tokens of one of `phrases` (lower case, words separated by spaces) start at token `i`; 0 when none. */
function phraseAt(t: readonly Token[], i: number, phrases: readonly string[]): number {
  let best = 0;
  for (const phrase of phrases) {
    const words = phrase.split(' ');
    if (words.length <= best) continue;
    if (words.every((word, k) => t[i + k]?.lower === word)) best = words.length;
  }
  return best;
}

/** How many tokens of a verb phrase end at token `v` (French `a déclaré` is two); 0 when none. */
function verbEndingAt(t: readonly Token[], v: number, language: SpeechLanguage): number {
  for (let length = 3; length >= 1; length--) {
    if (v - length + 1 >= 0 && phraseAt(t, v - length + 1, language.verbs) === length) return length;
  }
  return 0;
}

const TOKEN = /[\p{L}\p{M}\p{N}]+(?:['’.\-][\p{L}\p{M}\p{N}]+)*\.?|[,:;—–]/gu;

function tokens(text: string, from: number, to: number): Token[] {
  const found: Token[] = [];
  TOKEN.lastIndex = from;
  for (let m = TOKEN.exec(text); m !== null && m.index < to; m = TOKEN.exec(text)) {
    let word = m[0];
    // A full stop is part of an abbreviation or initial only (`Mr.`, `J.`); otherwise it ends the sentence.
    if (word.endsWith('.') && !ABBREVIATION.test(word)) word = word.slice(0, -1);
    if (m.index + word.length > to) break;
    const mark = /^[,:;—–]$/.test(word);
    found.push({ text: word, lower: word.toLowerCase(), start: m.index, end: m.index + word.length, capital: !mark && /^\p{Lu}/u.test(word), mark });
  }
  return found;
}

/** Where the sentence that continues after a quote ends: a full stop, or the next quote mark. */
function sentenceEnd(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const c = text[i]!;
    if (c === '\n' && text[i + 1] === '\n') return i;
    if (i > from + 1 && QUOTE_MARKS.has(c) && c !== '’' && c !== "'") return i;
    if ((c === '.' || c === '!' || c === '?') && (i + 1 >= text.length || /\s/.test(text[i + 1]!)) && !ABBREVIATION.test(text.slice(Math.max(from, i - 6), i + 1))) return i;
  }
  return to;
}

/** Where the sentence holding a quote starts: after the last full stop or quote before it. */
function sentenceStart(text: string, from: number, quoteStart: number): number {
  for (let i = quoteStart - 1; i >= from; i--) {
    const c = text[i]!;
    if (c === '\n' && text[i - 1] === '\n') return i + 1;
    if (QUOTE_MARKS.has(c) && c !== '’' && c !== "'") return i + 1;
    if ((c === '.' || c === '!' || c === '?') && /\s/.test(text[i + 1] ?? ' ') && !ABBREVIATION.test(text.slice(Math.max(from, i - 6), i + 1))) return i + 1;
  }
  return from;
}

/**
 * The sentences of `[from, to)`: each ends after `.`, `!` or `?` (and the quote marks closing
 * there) before white space, unless the full stop ends an abbreviation or an initial (`Mr.`, `J.`).
 * A quotation of several sentences is several sentences here.
 */
export function sentenceSpans(text: string, from: number, to: number): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let start = from;
  for (let i = from; i < to; i++) {
    const c = text[i]!;
    if (c !== '.' && c !== '!' && c !== '?') continue;
    let end = i + 1;
    while (end < to && QUOTE_MARKS.has(text[end]!)) end++;
    if (end < to && !/\s/.test(text[end]!)) continue;
    // The next sentence starts with a capital or a quote mark (`Nov. 20`, `a.m. on` end none).
    const next = /\S/.exec(text.slice(end, Math.min(to, end + 8)))?.[0];
    if (next !== undefined && !/\p{Lu}/u.test(next) && !QUOTE_MARKS.has(next)) continue;
    if (c === '.' && ABBREVIATION.test(text.slice(Math.max(from, i - 6), i + 1))) continue;
    if (text.slice(start, end).trim() !== '') spans.push([start, end]);
    start = end;
    i = end - 1;
  }
  if (text.slice(start, to).trim() !== '') spans.push([start, to]);
  return spans;
}

/**
 * Whom a sentence `[start, end)` of narration is about: the subject it opens with, whatever its
 * verb (`Lieberman also breathed a sigh of relief`, `Speaking to reporters, Nazri questioned…`,
 * `He dismissed questions`, `The head coach said that…`), and whether it has a speech verb.
 * Undefined when it opens with anything else.
 */
export function sentenceSubject(text: string, start: number, end: number): { subject: QuoteSpeaker; speaks: boolean } | undefined {
  const t = tokens(text, start, end);
  for (const language of SPEECH_TABLES) {
    const subject = subjectOfClause(t, 0, t.length, language, text);
    if (subject) return { subject, speaks: t.some((_, k) => verbEndingAt(t, k, language) > 0 && !DETERMINERS.has(t[k - 1]?.lower ?? '')) };
  }
  return undefined;
}

/** Characters either side of a sentence that `isProperNoun` reads for the name (an article's own stretch, not a whole book). */
const PROPER_WINDOW = 20_000;

/**
 * Whether `word` (at `at` in `text`) is written with its capital elsewhere near it after a word or a
 * comma, not only where sentences start, as itself or declined (`Pimlot` is `Ken Pimlott`).
 */
function isProperNoun(text: string, word: string, at: number): boolean {
  const folded = word.toLowerCase();
  const stem = word.slice(0, Math.max(4, word.length - 2)).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`(?<=[\\p{L}\\p{N},;'’)]\\s+)${stem}[\\p{L}\\p{M}]*`, 'gu');
  const window = text.slice(Math.max(0, at - PROPER_WINDOW), at + PROPER_WINDOW);
  for (const m of window.matchAll(pattern)) if (sameNameWord(folded, m[0].toLowerCase())) return true;
  return false;
}

/**
 * The one person `text` (`[from, to)`, read before the attribution) names with a role: `head coach
 * Scott Cooper` or `Minister Nazri Aziz` for `the head coach` or `the minister`, `The Minister of
 * Information and Culture, Lai Mohammed`, `Azmin, the deputy president of PKR,`. Undefined when it
 * names nobody so, or more than one person: a role stands for a name only when it can stand for
 * no other. Only roles of persons (`the company` is none).
 */
export function namedByRole(text: string, from: number, to: number, role: string): string | undefined {
  const words = role.split(' ');
  const language = SPEECH_TABLES.find((table) => table.roles.includes(words[words.length - 1]!));
  if (!language) return undefined;
  const body = text.slice(from, to);
  // Case folded in the role only (`Minister Nazri Aziz`, `head coach Scott Cooper`): the name keeps its capitals.
  const escaped = words.map((word) => [...word].map((c) => (/\p{L}/u.test(c) ? `[${c}${c.toUpperCase()}]` : c.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'))).join('')).join('\\s+');
  const name = "((?:\\p{Lu}[\\p{L}\\p{M}.'’-]*\\s+){0,3}\\p{Lu}[\\p{L}\\p{M}'’-]*)";
  const found: string[] = [];
  // `head coach Scott Cooper`; `The Minister of Information and Culture, Lai Mohammed`.
  const titled = new RegExp(`(?<![\\p{L}\\p{M}])${escaped}(?:\\s+of\\s+[^,.;:\\n]{1,60})?(?:\\s+|,\\s+)${name}`, 'gu');
  // `Azmin, the menteri besar for Selangor and the deputy president of PKR,`.
  const apposed = new RegExp(`${name},\\s+(?:the|a|an)\\s+[^,.;:\\n]{0,60}?(?<![\\p{L}\\p{M}])${escaped}(?![\\p{L}\\p{M}])[^,.;:\\n]{0,40},`, 'gu');
  for (const pattern of [titled, apposed]) {
    for (const m of body.matchAll(pattern)) {
      const candidate = namePart(m[1]!, language);
      if (candidate !== undefined && !found.some((other) => sameSpeaker(other, candidate))) found.push(candidate);
    }
  }
  return found.length === 1 ? found[0] : undefined;
}

/** The name in a run of capitalised words, titles left out (`Chief Audu Ogbeh` is `Audu Ogbeh`); undefined when only titles. */
function namePart(run: string, language: SpeechLanguage): string | undefined {
  const t = tokens(run, 0, run.length);
  const name = nameRun(t, 0, language);
  return name?.kind === 'named' && name.endToken === t.length - 1 ? name.name : undefined;
}

/** Folded name words, titles left out: what two names are compared by. */
export function nameWords(name: string): string[] {
  const notNames = new Set(SPEECH_TABLES.flatMap((language) => language.notNames));
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 1 && !notNames.has(word) && !PARTICLES.has(word));
}

/**
 * Whether two names name one person: they share a name word, case and diacritics folded (`Nersisyan`
 * is `Gurgen Nersisyan`); a word with up to two more letters at its end is the same word, as names
 * decline in Russian or take an article in Armenian (`Нерсисяна` is `Нерсисян`, `Ներսիսյանը` is
 * `Ներսիսյան`). Erring towards "same" only ever silences a warning.
 */
export function sameSpeaker(a: string, b: string): boolean {
  const words = nameWords(a);
  return nameWords(b).some((word) => words.some((other) => sameNameWord(word, other)));
}

function sameNameWord(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return short.length >= 4 && long.length - short.length <= 2 && long.startsWith(short);
}
