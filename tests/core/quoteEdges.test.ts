/**
 * Quote-style edges (issue 24): a quote opened after an elided word (`qu'`, `l'`, `dell'` …) starts
 * inside the source's word; `『…』` quotes alone; Finnish `»…»`; kana negations are never hidden by a
 * bracket.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeDraft } from '../../server/src/core/draft/draftAnalysis';
import { parseQuotePattern } from '../../server/src/core/match/quotePattern';
import { QuoteMatcher } from '../../server/src/core/match/quoteMatcher';
import { SourceLibrary } from '../../server/src/core/library/sourceLibrary';

const SOURCES: Record<string, string> = {
  fr: "Le ministre a déclaré qu'il faut fermer la centrale avant l'hiver. Selon lui, l'Europe des nations n'existe plus depuis longtemps. Il a promis jusqu'au bout de défendre d'abord les salariés du site.",
  it: "Il sindaco ha parlato dell'Europa unita come di un sogno lontano. Ha detto che c'è ancora un'occasione per i giovani del paese.",
  ca: "L'alcalde va dir que l'Ajuntament no té diners per a les obres d'aquest any.",
  ja: '担当者は「安全が確認できるまで、運転を再開することはできない」と述べた。',
  fi: 'Ministeri sanoi, että hallitus ei aio nostaa veroja ensi vuonna.',
};

const library = new SourceLibrary();
for (const [id, text] of Object.entries(SOURCES)) library.addText({ uri: `file:///lib/${id}.md`, path: `lib/${id}.md`, text: `---\nid: ${id}\n---\n\n${text}\n` });
const matcher = new QuoteMatcher(library);

/** Each quotation of a one-paragraph draft: its text and verdict. */
function judge(draft: string): Array<[string, string]> {
  const analysis = analyzeDraft(draft);
  return analysis.quotations.map((q) => {
    const pattern = parseQuotePattern(draft, q.textStart, q.textEnd, q.excluded);
    const cited = q.citation?.citations.map((c) => library.get(c.key)!).filter((e) => e !== undefined);
    return [draft.slice(q.start, q.end), matcher.check(pattern, cited).kind];
  });
}

describe('a quote after an elided word starts inside the source word', () => {
  const cases: Array<[string, string, Array<[string, string]>]> = [
    ['French qu’ before a straight quote', `Il a dit qu'"il faut fermer la centrale" [@fr].`, [['"il faut fermer la centrale"', 'verbatim']]],
    ['French qu’ before guillemets', 'Il a dit qu’« il faut fermer la centrale » [@fr].', [['« il faut fermer la centrale »', 'verbatim']]],
    ['French l’ before curly quotes', 'Il parle de l’“Europe des nations” qui “n’existe plus” [@fr].', [['“Europe des nations”', 'verbatim'], ['“n’existe plus”', 'verbatim']]],
    ['French jusqu’', 'Il promet jusqu’« au bout de défendre d’abord les salariés » [@fr].', [['« au bout de défendre d’abord les salariés »', 'verbatim']]],
    ['French d’ after an ellipsis', 'Il promet « jusqu’au bout […] abord les salariés du site » [@fr].', [['« jusqu’au bout […] abord les salariés du site »', 'verbatim']]],
    ['Italian dell’', 'Ha parlato dell’«Europa unita come di un sogno» [@it].', [['«Europa unita come di un sogno»', 'verbatim']]],
    ['Italian un’', 'Ha detto che c’è ancora un’«occasione per i giovani» [@it].', [['«occasione per i giovani»', 'verbatim']]],
    ['Catalan l’', 'Va dir que l’«Ajuntament no té diners» [@ca].', [['«Ajuntament no té diners»', 'verbatim']]],
    ['a changed word after the elision is still a misquote', 'Il a dit qu’« il faut ouvrir la centrale » [@fr].', [['« il faut ouvrir la centrale »', 'misquote']]],
  ];
  for (const [name, draft, expected] of cases) {
    test(name, () => {
      assert.deepEqual(judge(draft), expected);
    });
  }
  test('the elision is outside the quote: a quote that leaves out a negation’s n’ is not the negation', () => {
    // The source's `n'existe` is one word; a quote of `existe plus depuis longtemps` starts inside it.
    assert.deepEqual(judge('Selon lui l’Europe n’« existe plus depuis longtemps » [@fr].'), [['« existe plus depuis longtemps »', 'verbatim']]);
  });
});

describe('quote styles alone', () => {
  test('『…』 outside another quote is a quote', () => {
    const draft = '担当者は『安全が確認できるまで、運転を再開することはできない』と述べた[@ja]。';
    assert.deepEqual(judge(draft), [['『安全が確認できるまで、運転を再開することはできない』', 'verbatim']]);
  });
  test('『…』 inside 「…」 stays part of the outer quote', () => {
    const quotes = analyzeDraft('彼は「これは『本』の話だ」と言った。').quotations.map((q) => q.start);
    assert.equal(quotes.length, 1);
  });
  test('Finnish »…» is a quote', () => {
    assert.deepEqual(judge('Ministeri sanoi, että »hallitus ei aio nostaa veroja ensi vuonna» [@fi].'), [['»hallitus ei aio nostaa veroja ensi vuonna»', 'verbatim']]);
    assert.deepEqual(judge('Ministeri sanoi, että »hallitus aio nostaa veroja ensi vuonna» [@fi].'), [['»hallitus aio nostaa veroja ensi vuonna»', 'misquote']]);
  });
  test('German »…« still closes with «, French « … » with »', () => {
    const quoted = (draft: string): string[] => analyzeDraft(draft).quotations.map((q) => draft.slice(q.start, q.end));
    assert.deepEqual(quoted('Er sagte »wir kommen nicht« und ging, »sicher«.'), ['»wir kommen nicht«', '»sicher«']);
    assert.deepEqual(quoted('Il a dit « non » puis « oui ».'), ['« non »', '« oui »']);
    assert.deepEqual(quoted('Start » Nachrichten » Politik'), []);
  });
});

describe('kana negations', () => {
  // Brackets touching kana are letter changes (`でき[る]`); a longer one stands in for source words.
  test('a bracket never stands in for ない', () => {
    assert.deepEqual(judge('記事は「運転を再開することはでき[るようになる]と述べた」と書いた[@ja]。').map(([, v]) => v), ['misquote']);
    assert.deepEqual(judge('記事は「運転を[もう一度始める]ことはできないと述べた」と書いた[@ja]。').map(([, v]) => v), ['verbatim']);
  });
});
