import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDraft } from '../../server/src/core/draft/draftAnalysis';
import { draftProse } from '../../server/src/core/draft/draftProse';
import { SourceLibrary } from '../../server/src/core/library/sourceLibrary';
import { DEFAULT_REUSE_OPTIONS, ReuseScanner, winnow, type ReuseRun } from '../../server/src/core/match/reuseScan';
import { APPEAL, seedLibrary, worldLibrary } from '../helpers';

/** The reuse runs of a Markdown draft, as the service scans it. */
function scan(scanner: ReuseScanner, draft: string): ReuseRun[] {
  return draftProse(analyzeDraft(draft)).flatMap((p) => [...scanner.scanParagraph(draft, p.start, p.end, p.ranges)]);
}

const COPIED = 'Karabakh leaders said last week that Russian peace proposals made recently are far more beneficial';

test('a copied run inside the writer\'s own sentence is reuse of the source that has it', () => {
  const library = seedLibrary();
  const draft = `In my view, ${COPIED}, which nobody disputes.\n`;
  const runs = scan(new ReuseScanner(library), draft);
  assert.equal(runs.length, 1);
  const run = runs[0]!;
  assert.equal(draft.slice(run.start, run.end), COPIED);
  assert.equal(run.entry.source.key, APPEAL);
  assert.equal(run.words, 15);
  assert.equal(run.matched, 15);
  assert.deepEqual(run.changes, []);
  const source = run.entry.source.text;
  assert.equal(source.slice(run.entry.words.starts[run.sourceFrom]!, run.entry.words.starts[run.sourceTo - 1]!), COPIED.slice(0, COPIED.lastIndexOf(' ') + 1));
});

test('runs shorter than minWords are not reuse; minWords is a setting', () => {
  const library = seedLibrary();
  const nine = 'Karabakh leaders said last week that Russian peace proposals';
  assert.deepEqual(scan(new ReuseScanner(library), `We read that ${nine} were new.\n`), []);
  const runs = scan(new ReuseScanner(library, { ...DEFAULT_REUSE_OPTIONS, minWords: 8 }), `We read that ${nine} were new.\n`);
  assert.equal(runs.length, 1);
  assert.equal(runs[0]!.words, 9);
});

test('one or two changed words are bridged: one run, and the changes are told', () => {
  const library = seedLibrary();
  const changed = COPIED.replace('recently', 'lately');
  const draft = `In my view, ${changed}, which nobody disputes.\n`;
  const [run, ...rest] = scan(new ReuseScanner(library), draft);
  assert.equal(rest.length, 0);
  assert.equal(draft.slice(run!.start, run!.end), changed);
  assert.equal(run!.words, 15);
  assert.equal(run!.matched, 14);
  assert.equal(run!.changes.length, 1);
  const change = run!.changes[0]!;
  assert.equal(draft.slice(change.start, change.end), 'lately');
  const { text } = run!.entry.source;
  const { starts } = run!.entry.words;
  assert.equal(text.slice(starts[change.sourceFrom]!, starts[change.sourceTo]! - 1), 'recently');
});

test('a paraphrase that changes a word every few words is not reuse', () => {
  const library = seedLibrary();
  const paraphrase = 'Karabakh chiefs said last month that Moscow peace plans made lately are much more useful';
  assert.deepEqual(scan(new ReuseScanner(library), `${paraphrase}.\n`), []);
});

test('quotations, citations, code, headings and block quotes hold no reuse', () => {
  const library = seedLibrary();
  const cases = [
    `They wrote: "${COPIED}" [@${APPEAL}].\n`,
    `They wrote: “${COPIED}”.\n`,
    `They wrote: «${COPIED}».\n`,
    `They wrote \`${COPIED}\`.\n`,
    `# ${COPIED}\n`,
    `> ${COPIED}\n`,
    `They wrote: "${COPIED}\n`,
  ];
  for (const draft of cases) assert.deepEqual(scan(new ReuseScanner(library), draft), [], draft);
  // A lone single mark is an apostrophe ('cause), not a quotation being typed: the copy after it is reuse.
  assert.equal(scan(new ReuseScanner(library), `'cause it matters. ${COPIED}.\n`).length, 1);
  // A citation in the middle cuts a run in two pieces, each too short.
  const cut = COPIED.replace('Russian', 'Russian [@x]');
  assert.deepEqual(scan(new ReuseScanner(library), `${cut}\n`), []);
});

test('a run many sources share in different surroundings is a stock phrase; syndicated copies are not', () => {
  const stock = 'the committee will meet again at the end of the month to review progress';
  const library = seedLibrary({
    'a.txt': `Farmers protested outside the ministry on Monday. ${stock}. Prices kept falling.`,
    'b.txt': `Teachers walked out in the northern district. Officials said ${stock} made so far.`,
    'c.txt': `A new bridge opened over the river. However, ${stock} and costs, its chair said.`,
  });
  assert.deepEqual(scan(new ReuseScanner(library), `Nothing changed, and ${stock}, I was told.\n`), []);
  // The same words in copies of one article (same surroundings) are reuse, named once.
  const article = `Farmers protested outside the ministry on Monday. ${stock}. Prices kept falling.`;
  const syndicated = seedLibrary({ 'a.txt': article, 'b.txt': article, 'c.txt': article });
  const runs = scan(new ReuseScanner(syndicated), `Nothing changed, and ${stock}, I was told.\n`);
  assert.equal(runs.length, 1);
  assert.equal(runs[0]!.entry.source.key, 'a');
  assert.equal(runs[0]!.alsoIn, 2);
  // Edited copies whose edits fall right next to the run (another word before it, another after)
  // are still one article's copies: the words around them are the same.
  const edited = seedLibrary({
    'a.txt': article,
    'b.txt': article.replace('on Monday. ', 'on Tuesday. ').replace('. Prices', '. Costs'),
    'c.txt': article.replace('on Monday. ', 'on Friday. ').replace('. Prices', '. Wages'),
  });
  const copies = scan(new ReuseScanner(edited), `Nothing changed, and ${stock}, I was told.\n`);
  assert.equal(copies.length, 1);
  assert.equal(copies[0]!.alsoIn, 2);
});

test('a run of words every source uses is not informative enough to be reuse', () => {
  const common = 'and it was the one that they had to do for all of us';
  // A library where these words are as common as function words are in prose: half of every text.
  const words = common.split(' ');
  const extra: Record<string, string> = { 'x.txt': `Something else happened. ${common}. The end.` };
  for (let i = 0; i < 40; i++) {
    extra[`f${i}.txt`] = Array.from({ length: 300 }, (_, k) => `${words[(k * 5 + i) % words.length]} term${i}n${k}`).join(' ');
  }
  const library = seedLibrary(extra);
  assert.deepEqual(scan(new ReuseScanner(library), `Then ${common}, again.\n`), []);
  const lenient = new ReuseScanner(library, { ...DEFAULT_REUSE_OPTIONS, minInformation: 0 });
  assert.equal(scan(lenient, `Then ${common}, again.\n`).length, 1);
});

test('a cited source is named first among sources holding the same run', () => {
  const article = `Farmers protested outside the ministry on Monday as grain prices fell for the ninth straight week.`;
  const library = seedLibrary({ 'a.txt': article, 'b.txt': article });
  const draft = 'Farmers protested outside the ministry on Monday as grain prices fell for the ninth straight week.\n';
  const b = library.get('b')!;
  const prose = draftProse(analyzeDraft(draft))[0]!;
  const [run] = new ReuseScanner(library).scanParagraph(draft, prose.start, prose.end, prose.ranges, new Set([b.docId]));
  assert.equal(run!.entry.source.key, 'b');
});

test('Chinese and Japanese runs count characters', () => {
  const library = worldLibrary();
  const copied = '深圳地铁十六号线延长段将于今年年底开通运营';
  const runs = scan(new ReuseScanner(library), `据报道，${copied}，令人期待。\n`);
  assert.equal(runs.length, 1);
  assert.equal(runs[0]!.entry.source.key, 'shenzhen-metro');
  assert.equal(runs[0]!.words, [...copied].length);
});

test('a paragraph is scanned once per library version; an edit re-scans only its paragraph', () => {
  const library = seedLibrary();
  const scanner = new ReuseScanner(library);
  const draft = `First, ${COPIED}.\n\nSecond paragraph of my own words here.\n`;
  assert.equal(scan(scanner, draft).length, 1);
  const work = scanner.work.postings;
  // The same paragraphs at other offsets: nothing is looked up again, and the run moves with its text.
  const moved = `# A title\n\n${draft}`;
  const runs = scan(scanner, moved);
  assert.equal(scanner.work.postings, work);
  assert.equal(moved.slice(runs[0]!.start, runs[0]!.end), COPIED);
  // An edit in the other paragraph re-scans that one only.
  scan(scanner, moved.replace('my own words', 'my very own words'));
  assert.equal(scanner.work.postings, work);
  // A library change re-scans.
  library.addText({ uri: 'file:///extra/new.txt', path: 'extra/new.txt', text: 'Unrelated words.' });
  scan(scanner, moved);
  assert.ok(scanner.work.postings > work);
});

test('the postings a paragraph visits do not grow with unrelated sources', () => {
  const draft = `In my view, ${COPIED}, which nobody disputes and many people in twenty towns repeat.\n`;
  const small = seedLibrary();
  const scanSmall = new ReuseScanner(small);
  scan(scanSmall, draft);
  const extra: Record<string, string> = {};
  for (let i = 0; i < 300; i++) extra[`n${i}.txt`] = Array.from({ length: 200 }, (_, k) => `w${i}x${k % 37}`).join(' ');
  const big = seedLibrary(extra);
  const scanBig = new ReuseScanner(big);
  assert.deepEqual(scan(scanBig, draft).map((r) => r.words), scan(new ReuseScanner(small), draft).map((r) => r.words));
  assert.equal(scanBig.work.postings, scanSmall.work.postings);
});

test('winnowing picks the smallest value of every window (rightmost of equals)', () => {
  assert.deepEqual(winnow([5, 3, 4, 3, 9, 9, 1], 3), [1, 3, 6]);
  assert.deepEqual(winnow([2, 1], 4), [1]);
  assert.deepEqual(winnow([], 4), []);
  // Every window of the given size holds a chosen position.
  const values = Array.from({ length: 200 }, (_, i) => (i * 7919) % 31);
  const chosen = new Set(winnow(values, 4));
  for (let start = 0; start + 4 <= values.length; start++) {
    assert.ok([0, 1, 2, 3].some((k) => chosen.has(start + k)), `window at ${start}`);
  }
});

test('an empty library and a draft of no prose give no runs', () => {
  assert.deepEqual(scan(new ReuseScanner(new SourceLibrary()), `${COPIED}\n`), []);
  assert.deepEqual(scan(new ReuseScanner(seedLibrary()), ''), []);
});
