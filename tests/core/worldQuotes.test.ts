import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyzeDraft } from '../../server/src/core/draft/draftAnalysis';
import { parseQuotePattern } from '../../server/src/core/match/quotePattern';
import { QuoteMatcher, type QuoteVerdict } from '../../server/src/core/match/quoteMatcher';
import { describeRuns, diffRuns } from '../../server/src/core/match/quoteDiff';
import { WORLD, worldLibrary } from '../helpers';

const library = worldLibrary();
const matcher = new QuoteMatcher(library);

/** Every quotation of a draft with its verdict (as `verbatim check` judges it) and its diff. */
function judge(text: string, minWords = 4): Array<{ quote: string; verdict: string; diff: string }> {
  const analysis = analyzeDraft(text);
  return analysis.quotations.map((q) => {
    const pattern = parseQuotePattern(text, q.textStart, q.textEnd, q.excluded);
    const quote = text.slice(q.start, q.end).replace(/\s+/g, ' ');
    if (pattern.units < minWords) return { quote, verdict: 'unchecked', diff: '' };
    const cited = q.citation?.citations.map((c) => library.get(c.key)!).filter((e) => e !== undefined);
    const verdict: QuoteVerdict = matcher.check(pattern, cited);
    const diff = verdict.kind === 'misquote' || verdict.kind === 'wrong-source' ? describeRuns(diffRuns(text, pattern, verdict.match)) : '';
    return { quote, verdict: verdict.kind, diff };
  });
}

function draft(name: string): string {
  return fs.readFileSync(path.join(WORLD, name), 'utf8');
}

/** [start of the quote as written, verdict, diff message] for every quotation of each draft. */
const expected: Record<string, Array<[string, string, string]>> = {
  'draft-en-gb.md': [
    ['‘We simply cannot', 'verbatim', ''],
    ['‘nobody on this', 'verbatim', ''],
    ['‘the third broken', 'misquote', 'source says "buses", not "trains"'],
    ['‘we simply can keep', 'misquote', 'source says "cannot", not "can"'],
    ["'1200 new bus", 'verbatim', ''],
    ['‘pledge’', 'unchecked', ''],
  ],
  'draft-fr.md': [
    ['« Nous ne baisserons', 'verbatim', ''],
    ['«2 000 kilomètres', 'verbatim', ''],
    ['« la régie', 'verbatim', ''],
    ['« chaque fuite', 'misquote', 'source says "personne ne", not "tout le monde"'],
    ['« Nous baisserons', 'misquote', 'quote leaves out "ne" without an ellipsis (and 1 more change)'],
    ['« on nous a déjà', 'misquote', 'source says "rien n’a", not "tout a"'],
    ['« choix politique »', 'unchecked', ''],
  ],
  'draft-de.md': [
    ['„Wir werden die Strecke nicht', 'verbatim', ''],
    ['»Die Bauarbeiten', 'verbatim', ''],
    ['„rund 2000 Meter', 'verbatim', ''],
    ['„die Pendler', 'misquote', 'source says "zu spät", not "rechtzeitig"'],
    ['„Wir werden die Strecke vor', 'misquote', 'quote leaves out "nicht" without an ellipsis'],
    ['»Jemand soll', 'misquote', 'source says "Niemand", not "Jemand"'],
  ],
  'draft-ru.md': [
    ['«Мы не успеем', 'verbatim', ''],
    ['«уложил 12000', 'verbatim', ''],
    ['«самый сложный', 'misquote', 'source says "тридцать", not "двадцать"'],
    ['«Мы успеем', 'misquote', 'quote leaves out "не" without an ellipsis'],
    ['«Нам обещали', 'verbatim', ''],
  ],
  'draft-hy.md': [
    ['«Մենք չենք', 'verbatim', ''],
    ['«Սա ամենամեծ', 'verbatim', ''],
    ['«Մենք կհետաձգենք', 'misquote', 'source says "չենք հետաձգի", not "կհետաձգենք"'],
    ['«Մեզ նույնը', 'misquote', 'source says "հինգ", not "տասը"'],
  ],
  'draft-ja.md': [
    ['「安全が確認できるまで、運転を再開することはできない」', 'verbatim', ''],
    ['「復旧作業', 'misquote', 'source says "五", not "三"'],
    ['「安全が確認できるまで、運転を再開することはできる」', 'misquote', 'source says "ない", not "る"'],
    ['「観光客', 'verbatim', ''],
    ['「倒木」', 'unchecked', ''],
  ],
  'draft-zh.md': [
    ['“我们不会', 'verbatim', ''],
    ['「开通后', 'verbatim', ''],
    ['“我们会', 'misquote', 'quote leaves out "不" without an ellipsis'],
    ['“以前上班', 'misquote', 'source says "两", not "三"'],
    ['“非常拥挤”', 'unchecked', ''],
  ],
};

describe('drafts of examples/world: every quotation found and judged', () => {
  for (const [name, rows] of Object.entries(expected)) {
    test(name, () => {
      const judged = judge(draft(name));
      assert.equal(judged.length, rows.length, JSON.stringify(judged, null, 1));
      rows.forEach(([start, verdict, diff], i) => {
        assert.ok(judged[i]!.quote.startsWith(start), `quote ${i}: ${judged[i]!.quote}`);
        assert.deepEqual([judged[i]!.verdict, judged[i]!.diff], [verdict, diff], judged[i]!.quote);
      });
    });
  }
});

describe('each language: verbatim, changed word, dropped negation, wrong source', () => {
  // [language, citation key, verbatim quote, one word changed, negation dropped, another source's key]
  const cases: Array<[string, string, string, string, string]> = [
    ['French', 'lyon-eau', '« la régie n’a jamais expliqué pourquoi ses dépenses »', '« la régie n’a jamais expliqué pourquoi ses recettes »', '« la régie a expliqué pourquoi ses dépenses »'],
    ['German', 'rheintal-bahn', '„Niemand soll wegen der Baustelle seinen Arbeitsplatz verlieren“', '„Niemand soll wegen der Baustelle seine Wohnung verlieren“', '„Jeder soll wegen der Baustelle seinen Arbeitsplatz verlieren“'],
    ['German (»«)', 'rheintal-bahn', '»keine bessere Lösung als den Ersatzverkehr mit Bussen«', '»keine bessere Lösung als den Ersatzverkehr mit Taxis«', '»eine bessere Lösung als den Ersatzverkehr mit Bussen«'],
    ['Russian', 'novosibirsk-most', '«никак не связана с финансированием»', '«никак не связана с погодой»', '«никак связана с финансированием»'],
    ['Armenian', 'yerevan-metro', '«խոստացել էին նաև հինգ տարի առաջ, բայց ոչինչ չփոխվեց»', '«ասել էին նաև հինգ տարի առաջ, բայց ոչինչ չփոխվեց»', '«խոստացել էին նաև հինգ տարի առաջ, բայց ոչինչ փոխվեց»'],
    ['Japanese', 'sendai-shinkansen', '「運転を再開することはできない」', '「運転を開始することはできない」', '「運転を再開することはできる」'],
    ['Chinese', 'shenzhen-metro', '“我们不会为了赶工期而降低安全标准”', '“我们不会为了赶工期而提高安全标准”', '“我们会为了赶工期而降低安全标准”'],
    ['British', 'leeds-buses', '‘Nobody on this committee wanted to be here.’', '‘Nobody on this council wanted to be here.’', '‘Everybody on this committee wanted to be here.’'],
  ];
  for (const [language, key, verbatim, changed, negation] of cases) {
    test(language, () => {
      const paragraph = (quote: string, cite = key): string => `Text ${quote} [@${cite}].\n`;
      assert.equal(judge(paragraph(verbatim), 3)[0]!.verdict, 'verbatim', verbatim);
      assert.equal(judge(paragraph(changed), 3)[0]!.verdict, 'misquote', changed);
      const dropped = judge(paragraph(negation), 3)[0]!;
      assert.equal(dropped.verdict, 'misquote', negation);
      const other = key === 'leeds-buses' ? 'lyon-eau' : 'leeds-buses';
      assert.equal(judge(paragraph(verbatim, other), 3)[0]!.verdict, 'wrong-source', `${verbatim} cited to @${other}`);
    });
  }
});

test('a bracket never stands in for a negation of another language', () => {
  const cases = [
    ['lyon-eau', '« Nous [voulons] baisser le prix de l’eau l’an prochain »'],
    ['rheintal-bahn', '„Wir werden die Strecke [bald] vor dem 15. März wieder freigeben können“'],
    ['novosibirsk-most', '«Мы [вероятно] успеем закончить работы до конца года»'],
  ];
  for (const [key, quote] of cases) {
    const text = `Text ${quote} [@${key}].\n`;
    assert.equal(judge(text)[0]!.verdict, 'misquote', quote);
  }
});
