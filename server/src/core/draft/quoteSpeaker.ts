import { SPEECH_TABLES, type SpeechLanguage } from '../text/speechVerbs';
import { QUOTE_MARKS } from '../text/quoteStyles';

/**
 * Who a sentence says spoke a quote (SPEC section 3): the person it names with a speech verb or
 * `according to` — `Nersisyan said "…"`, `"…," said Gurgen Nersisyan`, `"…," the minister, Gurgen
 * Nersisyan, told the crowd`, `According to Nersisyan, "…"`, `Nersisyan: "…"`. Pronouns and roles
 * alone (`he said`, `the minister said`) name nobody. Used on drafts and on source articles alike.
 */
export type QuoteSpeaker =
  /** The sentence names the speaker: the name as written and where it is in the text. */
  | { readonly kind: 'named'; readonly name: string; readonly start: number; readonly end: number }
  /** The sentence attributes the quote to a pronoun or a role: nobody is named. */
  | { readonly kind: 'nobody'; readonly pronoun: boolean };

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
/** Most words between a verb and the quote after it (`said on Monday in Yerevan that "…"`). */
const MAX_OBJECT = 8;
// An abbreviation's full stop ends no sentence (`Mr.`, `Gen.`, `U.S.`, an initial).
const ABBREVIATION = /(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|St|Jr|Sr|Col|Capt|Lt|Sgt|Rev|No|vs|etc)|\b\p{Lu}|\.\p{Lu})\.$/u;

/**
 * The speaker of the quote `[quoteStart, quoteEnd)` (marks included) of `text`, read in its
 * paragraph `[from, to)`: the attribution after the quote first (news style), else before it.
 * Undefined when the sentence attributes it to nobody in particular or in no way these rules read.
 */
export function speakerOfQuote(text: string, quoteStart: number, quoteEnd: number, from = 0, to = text.length): QuoteSpeaker | undefined {
  const after = tokens(text, quoteEnd, sentenceEnd(text, quoteEnd, Math.min(to, quoteEnd + WINDOW)));
  const before = tokens(text, sentenceStart(text, Math.max(from, quoteStart - WINDOW), quoteStart), quoteStart);
  for (const language of SPEECH_TABLES) {
    const found = speakerAfter(after, language) ?? speakerBefore(before, language);
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
    if (t[j] && language.pronouns.includes(t[j]!.lower)) return { kind: 'nobody', pronoun: true };
    const name = nameRun(t, j, language);
    if (name?.kind === 'named') return named(name);
    // `said the minister, Gurgen Nersisyan,`: a role, then the name in apposition.
    const comma = roleThenComma(t, j, language);
    if (comma >= 0) return publicOf(nameRun(t, comma + 1, language)) ?? { kind: 'nobody', pronoun: false };
    return name ?? { kind: 'nobody', pronoun: false };
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
  // The last speech verb, with at most a few words after it (`told reporters on Monday that`).
  for (let v = end - 1; v >= Math.max(0, end - 1 - MAX_OBJECT); v--) {
    if (t[v]!.capital && v < end - 1 && !language.notNames.includes(t[v]!.lower)) return undefined; // another name after the verb: an object, unclear
    const length = verbEndingAt(t, v, language);
    // `the comments`, `his remarks`: a noun, not a verb.
    if (length === 0 || DETERMINERS.has(t[v - length]?.lower ?? '')) continue;
    return subjectBeforeVerb(t, v - length + 1, language);
  }
  return undefined;
}

/** The speaker named right before a verb at token `verb`: `Nersisyan said`, `Nersisyan, the minister, also said`, `he said`. */
function subjectBeforeVerb(t: readonly Token[], verb: number, language: SpeechLanguage): QuoteSpeaker | undefined {
  let k = verb - 1;
  while (k >= 0 && language.between.includes(t[k]!.lower)) k--;
  if (k < 0) return undefined;
  if (language.pronouns.includes(t[k]!.lower)) return { kind: 'nobody', pronoun: true };
  // An apposition between commas: `Nersisyan, who led the ministry, said`.
  if (t[k]!.text === ',') {
    let open = k - 1;
    while (open >= 0 && t[open]!.text !== ',' && k - open <= MAX_APPOSITION) open--;
    if (open < 0 || t[open]!.text !== ',') return undefined;
    k = open - 1;
  }
  let start = k;
  while (start > 0 && isNameWord(t[start - 1]!)) start--;
  const name = nameRun(t, start, language);
  if (name?.kind === 'named' && name.endToken === k) return named(name);
  // `the minister said` (a role): nobody.
  if (!t[k]!.capital && !t[k]!.mark) return { kind: 'nobody', pronoun: false };
  return name?.kind === 'nobody' ? name : undefined;
}

/** A subject then a verb from token `i`: `Nersisyan said`, `the minister, Gurgen Nersisyan, told`, `he added`. */
function subjectThenVerb(t: readonly Token[], i: number, end: number, language: SpeechLanguage): QuoteSpeaker | undefined {
  const first = t[i];
  if (!first) return undefined;
  if (language.pronouns.includes(first.lower)) {
    let j = i + 1;
    while (t[j] && language.between.includes(t[j]!.lower)) j++;
    return phraseAt(t, j, language.verbs) > 0 ? { kind: 'nobody', pronoun: true } : undefined;
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
  } else {
    // `the minister said`: a role names nobody.
    if (!DETERMINERS.has(first.lower)) return undefined;
    let k = i;
    while (k < end && k - i < 5 && !t[k]!.mark && !t[k]!.capital && phraseAt(t, k, language.verbs) === 0) k++;
    while (t[k] && language.between.includes(t[k]!.lower)) k++;
    return k > i && phraseAt(t, k, language.verbs) > 0 ? { kind: 'nobody', pronoun: false } : undefined;
  }
  while (t[j] && language.between.includes(t[j]!.lower)) j++;
  if (phraseAt(t, j, language.verbs) === 0) return undefined;
  return named(name);
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
function nameRun(t: readonly Token[], i: number, language: SpeechLanguage): ((QuoteSpeaker & { kind: 'named' }) & { endToken: number }) | { kind: 'nobody'; pronoun: false } | undefined {
  let k = i;
  if (t[k]?.lower === 'the') k++;
  // The run of capitalised words (and particles inside it); the name is what follows its last title.
  let first = k;
  let last = -1;
  while (k < t.length && isNameWord(t[k]!)) {
    if (!t[k]!.capital) {
      if (!PARTICLES.has(t[k]!.lower)) break;
    } else if (language.notNames.includes(t[k]!.lower.replace(/\.$/, ''))) {
      first = k + 1;
      last = -1;
    } else {
      last = k;
    }
    k++;
  }
  if (last < first) return k > i ? { kind: 'nobody', pronoun: false } : undefined;
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
