/**
 * Hyphenation is no misquote (SPEC section 4): a quote may join what its cited source hyphenates
 * (`email` for `e-mail`, a word copied from a PDF viewer with a soft hyphen in it) or hyphenate what
 * it joins, and the staged check and the thorough path agree on such quotes. In a source it does not
 * cite, a hyphenation difference counts as changed words (see `QuoteMatcher.align`).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseQuotePattern } from '../../server/src/core/match/quotePattern';
import { QuoteMatcher, type QuoteVerdict } from '../../server/src/core/match/quoteMatcher';
import { SourceLibrary } from '../../server/src/core/library/sourceLibrary';

const ARTICLES: Record<string, string> = {
  council:
    'The council said that the e-mail archive of the co-operative would be opened to historians next spring, after a long review.\n\n' +
    'The second paragraph talks about pseudo-Avicenna and the well-known authorities of the period in some detail.',
  garden: 'Volunteers built the email system and the cooperative garden behind the station, and the garden opened in May.',
  // A PDF's line-end hyphen kept (`state-of-the-\nart`), and a compound written joined.
  paper: 'We describe a state-of-the-\nart tracing compiler called TraceMonkey that records hot loops while the program runs.',
  // A PDF whose apostrophe and `fi` ligature its fonts map to no character (U+FFFD as the reader writes it).
  polizza:
    'Le somme sono soggette all\uFFFDimposta sostitutiva, e il Contraente assume il rischio connesso all\uFFFD\uFFFDandamento negativo delle Quote. ' +
    'Le de\uFFFDnizioni sono nel glossario del contratto.',
};

function libraryOf(): SourceLibrary {
  const library = new SourceLibrary();
  for (const [key, text] of Object.entries(ARTICLES)) library.addText({ uri: `file:///lib/${key}.txt`, path: `lib/${key}.txt`, text });
  return library;
}

const library = libraryOf();
const entry = (key: string) => library.sources().find((e) => e.source.key === key)!;

/** The verdict of the staged check, after checking that the thorough path gives the same. */
function verdict(text: string, cited: string[] | undefined): QuoteVerdict {
  const pattern = parseQuotePattern(text, 0, text.length);
  const sources = cited?.map(entry);
  const fast = new QuoteMatcher(library).check(pattern, sources);
  const thorough = new QuoteMatcher(library).checkThorough(pattern, sources);
  const summary = (v: QuoteVerdict): string => {
    const match = 'match' in v ? v.match : v.nearest;
    return `${v.kind} ${match?.entry.source.key} ${match?.alignment.cost} ${match?.alignment.matched}`;
  };
  assert.equal(summary(fast), summary(thorough), text);
  return fast;
}

describe('hyphenation', () => {
  test('a quote joining what the source hyphenates, or hyphenating what it joins, is verbatim', () => {
    for (const [quote, key] of [
      ['the email archive of the cooperative would be opened to historians', 'council'],
      ['built the e-mail system and the co-operative garden behind the station', 'garden'],
      ['a state-of-the-art tracing compiler called Trace-Monkey', 'paper'],
      // A soft hyphen copied from a PDF viewer, at the quote's first word: the source's `pseudo-` is outside the passage the aligner found.
      ['pseudo\u00adAvicenna and the well known authorities of the period', 'council'],
      ['pseudoAvicenna and the wellknown authorities', 'council'],
    ] as const) {
      const result = verdict(quote, [key]);
      assert.equal(result.kind, 'verbatim', quote);
      assert.ok('match' in result && result.match.exact && result.match.alignment.matched === parseQuotePattern(quote, 0, quote.length).wordCount, quote);
    }
  });

  test("a PDF's line break is a hyphenation pdf.js left out; elsewhere it is a space", () => {
    const text = 'Le pH reste stable tant que la compensa\ntion respiratoire suffit, puis il baisse.';
    const pdf = new SourceLibrary();
    pdf.addText({ uri: 'file:///lib/cours.pdf', path: 'lib/cours.pdf', text, extracted: { format: 'pdf' } });
    pdf.addText({ uri: 'file:///lib/notes.txt', path: 'lib/notes.txt', text });
    const check = (key: string): string => {
      const quote = 'tant que la compensation respiratoire suffit';
      return new QuoteMatcher(pdf).check(parseQuotePattern(quote, 0, quote.length), pdf.sources().filter((e) => e.source.key === key)).kind;
    };
    assert.equal(check('cours'), 'verbatim');
    assert.equal(check('notes'), 'misquote');
  });

  test('a glyph mapped to no character stands for the one to three characters a quote writes there', () => {
    for (const quote of [
      'Le somme sono soggette all’imposta sostitutiva',
      "il rischio connesso all'andamento negativo delle Quote",
      'Le definizioni sono nel glossario del contratto',
    ]) {
      const result = verdict(quote, ['polizza']);
      assert.equal(result.kind, 'verbatim', quote);
    }
    // Four characters, or a change elsewhere, are still changes.
    assert.equal(verdict('Le deconcentrazioni sono nel glossario', ['polizza']).kind, 'misquote');
    const changed = verdict('sono soggette all’imposta diretta, e il Contraente', ['polizza']);
    assert.equal(changed.kind, 'misquote');
    assert.ok('nearest' in changed || 'match' in changed);
  });

  test('a space is not a hyphen: words split by a space are other words', () => {
    assert.equal(verdict('the cooperative garden behind the st ation', ['garden']).kind, 'misquote');
    assert.equal(verdict('Volunteers built the e mail system', ['garden']).kind, 'misquote');
  });

  test('a real change beside a hyphenation difference is still a misquote, named alone', () => {
    const result = verdict('the email archive of the cooperative would be closed to historians', ['council']);
    assert.equal(result.kind, 'misquote');
    assert.ok('match' in result);
    assert.equal(result.match.alignment.cost, 1);
  });

  test('an uncited quote hyphenated otherwise is found in its source', () => {
    const result = verdict('a state of the art tracing compiler called Trace-Monkey that records hot loops', undefined);
    assert.equal(result.kind, 'unattributed');
  });
});
