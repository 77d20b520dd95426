import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_SOURCE_LIMITS } from '../../server/src/core/library/source';
import { SourceLibrary } from '../../server/src/core/library/sourceLibrary';
import { isReadFailure, type ReadSource } from '../../server/src/readers/sourceReader';
import { readerFor } from '../../server/src/readers/sourceReaders';
import type { VerbatimDiagnosticData } from '../../server/src/service/diagnostics';
import { createLanguageService, type LanguageService } from '../../server/src/service/languageService';
import { quoteListOf } from '../../server/src/service/quoteList';
import { quoteCheckOf } from '../../server/src/service/quoteCheck';
import { renderMarkdownReport } from '../../server/src/cli/reportMarkdown';
import { DEFAULT_SERVICE_SETTINGS, type ServiceSettings } from '../../server/src/service/serviceContext';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'transcripts');

/** The transcripts of the fixtures folder, each under its own key (`vtt`, `srt`, `otter`…), and an article. */
function transcriptLibrary(): SourceLibrary {
  const library = new SourceLibrary();
  const keys: Record<string, string> = { 'harbour.vtt': 'vtt', 'harbour.srt': 'srt', 'harbour.json': 'whisper', 'harbour-otter.txt': 'otter' };
  for (const [name, key] of Object.entries(keys)) {
    const result = readerFor(name)!.read(fs.readFileSync(path.join(FIXTURES, name)), DEFAULT_SOURCE_LIMITS);
    assert.ok(!(result instanceof Promise) && !isReadFailure(result));
    const { text, extracted } = result as ReadSource;
    library.addText({ uri: `file:///lib/${key}${path.extname(name)}`, path: `lib/${key}${path.extname(name)}`, text, extracted: { ...extracted!, fields: { ...extracted!.fields, id: key } } });
  }
  // An article with the same words and no fillers: an article is as strict as ever.
  library.addText({ uri: 'file:///lib/article.txt', path: 'lib/article.txt', text: 'Fishermen said: "We lost a week of um catch, but nobody was hurt."\n' });
  return library;
}

function serviceWith(settings: Partial<ServiceSettings> = {}): LanguageService {
  return createLanguageService({ library: transcriptLibrary(), settings: () => ({ ...DEFAULT_SERVICE_SETTINGS, ...settings }) });
}

function check(service: LanguageService, draft: string): { document: TextDocument; codes: string[]; data: VerbatimDiagnosticData[]; messages: string[] } {
  const document = TextDocument.create('file:///draft.md', 'markdown', 1, draft);
  const diagnostics = service.computeDiagnostics(document) ?? [];
  return { document, codes: diagnostics.map((d) => String(d.code)), data: diagnostics.map((d) => d.data as VerbatimDiagnosticData), messages: diagnostics.map((d) => (typeof d.message === "string" ? d.message : d.message.value)) };
}

test('a time locator that names the cue is right; another time is wrong-time, fixed by rewriting only the time', () => {
  const service = serviceWith();
  for (const locator of ['12:31', 'at 12:33', '00:12:35.100', '12:30–12:32', '{12:31}']) {
    assert.deepEqual(check(service, `"We lost a week of catch, but nobody was hurt" [@vtt, ${locator}].`).codes, [], locator);
  }
  for (const [locator, fixed] of [['12:45', '12:31'], ['at 1:02:03', 'at 12:31'], ['00:10:00.000', '00:12:31.000'], ['11:00–11:30', '12:31']] as const) {
    const draft = `"We lost a week of catch, but nobody was hurt" [@vtt, ${locator}].`;
    const { codes, data, messages, document } = check(service, draft);
    assert.deepEqual(codes, ['wrong-time'], locator);
    assert.match(messages[0]!, /spoken at 12:31, not /);
    const fix = data[0]!.fixes[0]!;
    const edited = TextDocument.applyEdits(document, [{ range: fix.range, newText: fix.newText }]);
    assert.equal(edited, draft.replace(`, ${locator}]`, `, ${fixed}]`), locator);
    assert.deepEqual(check(service, edited).codes, [], `after the fix of ${locator}`);
  }
  // A page locator on a transcript names no place it has: nothing is said.
  assert.deepEqual(check(service, '"We lost a week of catch, but nobody was hurt" [@vtt, p. 4].').codes, []);
  // A misquote at the wrong time carries both.
  assert.deepEqual(check(service, '"We lost a month of catch, but nobody was hurt" [@srt, 1:00].').codes.sort(), ['misquote', 'wrong-time']);
});

test('fillers, false starts and annotations of a transcript may be left out; every other word counts', () => {
  const service = serviceWith();
  const model = (draft: string) => service.getQuotationModel(TextDocument.create('file:///d.md', 'markdown', 1, draft));
  assert.deepEqual(model('"The harbour will reopen on Monday to the fishing boats" [@vtt].').quotes.map((q) => q.verdict), ['verified']);
  assert.deepEqual(model('"And we want new lights on the southern pier" [@vtt].').quotes.map((q) => q.verdict), ['verified']);
  // Quoting the filler is word for word too.
  assert.deepEqual(model('"The harbour will, um, reopen on Monday" [@vtt].').quotes.map((q) => q.verdict), ['verified']);
  // A left-out word that is no filler is a change; so is an added filler.
  assert.deepEqual(model('"The harbour will reopen to the fishing boats" [@vtt].').quotes.map((q) => q.verdict), ['misquote']);
  assert.deepEqual(model('"We lost a week of um catch, but nobody was hurt" [@srt].').quotes.map((q) => q.verdict), ['misquote']);
  // An article keeps its every word.
  assert.deepEqual(model('"We lost a week of catch, but nobody was hurt" [@article].').quotes.map((q) => q.verdict), ['misquote']);
  // The setting off: the transcript is as strict as an article.
  const strict = serviceWith({ ignoreFillers: false });
  assert.deepEqual(
    strict.getQuotationModel(TextDocument.create('file:///d.md', 'markdown', 1, '"The harbour will reopen on Monday to the fishing boats" [@vtt].')).quotes.map((q) => q.verdict),
    ['misquote'],
  );
});

test('a quote that leaves out a filler is found by a scan, as a word-for-word quote is: no alignment table', () => {
  const service = serviceWith();
  const cells = service.work.cells;
  const model = service.getQuotationModel(TextDocument.create('file:///d.md', 'markdown', 1, '"The harbour will reopen on Monday to the fishing boats" [@vtt].'));
  assert.deepEqual(model.quotes.map((q) => q.verdict), ['verified']);
  assert.equal(service.work.cells, cells);
  // A changed word still takes the aligner, and is a misquote.
  assert.deepEqual(service.getQuotationModel(TextDocument.create('file:///d.md', 'markdown', 1, '"The harbour will reopen on Tuesday to the fishing boats" [@vtt].')).quotes.map((q) => q.verdict), ['misquote']);
  assert.ok(service.work.cells > cells);
});

test('each workspace folder\'s transcripts.ignoreFillers applies to its own drafts, in one service', () => {
  // The folder `strict/` turns the setting off; every other draft keeps the default.
  const service = createLanguageService({
    library: transcriptLibrary(),
    settings: (uri) => ({ ...DEFAULT_SERVICE_SETTINGS, ignoreFillers: !(uri ?? '').startsWith('file:///strict/') }),
  });
  const quote = '"The harbour will reopen on Monday to the fishing boats" [@vtt].';
  const verdictIn = (uri: string): string[] => service.getQuotationModel(TextDocument.create(uri, 'markdown', 1, quote)).quotes.map((q) => q.verdict);
  assert.deepEqual(verdictIn('file:///strict/a.md'), ['misquote']);
  assert.deepEqual(verdictIn('file:///loose/a.md'), ['verified']);
  // Asked again in the other order, each keeps its own verdict (no verdict is shared between the folders).
  assert.deepEqual(verdictIn('file:///loose/b.md'), ['verified']);
  assert.deepEqual(verdictIn('file:///strict/b.md'), ['misquote']);
});

test('inlay hints and hovers of a transcript quote show its time and speaker; the passage is the cue text', () => {
  const service = serviceWith();
  const draft = 'Dorsey said "We lost a week of catch, but nobody was hurt" [@vtt, 12:31]. Quint: "The harbour will reopen on Monday" [@otter].';
  const document = TextDocument.create('file:///draft.md', 'markdown', 1, draft);
  assert.deepEqual(service.getInlayHints(document).map((hint) => hint.label), ['✓ @vtt, 12:31 · Ewan Dorsey', '✓ @otter, 0:01 · Mara Quint']);
  const hover = service.getHover(document, document.positionAt(draft.indexOf('week')));
  const text = JSON.stringify(hover?.contents);
  assert.match(text, /12:31 · Ewan Dorsey/);
  assert.match(text, /nobody was hurt/);
  const model = service.getQuotationModel(document);
  assert.deepEqual(model.quotes.map((q) => [q.passage?.timeLabel, q.passage?.speaker, q.passage?.time?.start]), [['12:31', 'Ewan Dorsey', 751], ['0:01', 'Mara Quint', 1]]);
});

test('quote completion in a transcript inserts the rest of the sentence and a citation with the time', () => {
  const service = serviceWith();
  const draft = 'She said "We lost a week of';
  const document = TextDocument.create('file:///draft.md', 'markdown', 1, draft);
  const items = service.getCompletionItems(document, document.positionAt(draft.length)).items;
  const texts = items.map((item) => (item.textEdit && 'newText' in item.textEdit ? item.textEdit.newText : ''));
  assert.ok(texts.includes('of catch, but nobody was hurt." [@vtt, 12:31]'), JSON.stringify(texts));
  assert.ok(texts.some((text) => text.endsWith('[@article]')), JSON.stringify(texts));
});

test('the Quotes view\'s list and the report name the time and speaker of a transcript passage', () => {
  const service = serviceWith();
  const document = TextDocument.create('file:///draft.md', 'markdown', 1, 'Dorsey said "we lost a week of catch, but nobody was hurt" [@vtt, 12:31].');
  const list = quoteListOf(service.getQuotationModel(document));
  assert.deepEqual([list.quotes[0]?.passage?.time, list.quotes[0]?.passage?.speaker], ['12:31', 'Ewan Dorsey']);
  const markdown = renderMarkdownReport({ text: document.getText(), file: 'draft.md', model: service.getQuotationModel(document), sources: 5, date: '2026-04-05', reuse: [], sourceLink: () => undefined });
  assert.match(markdown, /source 12:31 · Ewan Dorsey/);
});

test('for assistants: a transcript passage is found with its time as the locator, and a checked quote names its speaker', () => {
  const service = serviceWith();
  const found = service.findPassages('we lost a week of catch', { key: 'vtt' });
  assert.deepEqual(found.passages.map((p) => [p.locator, p.citation]), [['12:31', '[@vtt, 12:31]']]);
  const document = TextDocument.create('file:///draft.md', 'markdown', 1, 'Dorsey said "we lost a week of catch, but nobody was hurt" [@vtt, 12:31].');
  const check = quoteCheckOf(service.getQuotationModel(document), service.computeDiagnostics(document) ?? [], { draft: 'draft.md', file: (p: string) => p });
  assert.deepEqual([check.quotes[0]?.verdict, check.quotes[0]?.passage?.locator, check.quotes[0]?.speaker], ['verified', '12:31', 'Ewan Dorsey']);
});

test('Whisper\'s timed words: a quote starting inside a long segment is placed at its first word, not the segment\'s start', () => {
  const words = ' The council met for three hours and then it voted to close the old bridge for good.'
    .split(/(?= )/)
    .map((word, i) => ({ word, start: 60 + i * 0.6, end: 60.5 + i * 0.6 }));
  const json = JSON.stringify({ segments: [{ start: 60, end: 75, text: words.map((w) => w.word).join(''), words }] });
  const library = new SourceLibrary();
  const read = readerFor('council.json')!.read(new TextEncoder().encode(json), DEFAULT_SOURCE_LIMITS) as ReadSource;
  library.addText({ uri: 'file:///lib/council.json', path: 'lib/council.json', text: read.text, extracted: read.extracted! });
  const service = createLanguageService({ library });
  // `voted` is the 10th word: spoken at 60 + 9 × 0.6 = 65.4 s.
  const quote = '"voted to close the old bridge for good"';
  const model = service.getQuotationModel(TextDocument.create('file:///d.md', 'markdown', 1, `${quote} [@council].`));
  assert.equal(model.quotes[0]?.passage?.timeLabel, '1:05');
  // The segment's start and the word's time are both right; a time outside the segment is not, and its fix cites the word.
  for (const locator of ['1:00', '1:05']) assert.deepEqual(check(service, `${quote} [@council, ${locator}].`).codes, [], locator);
  const { codes, data, document } = check(service, `${quote} [@council, 2:00].`);
  assert.deepEqual(codes, ['wrong-time']);
  assert.equal(TextDocument.applyEdits(document, [{ range: data[0]!.fixes[0]!.range, newText: data[0]!.fixes[0]!.newText }]), `${quote} [@council, 1:05].`);
});

test('Hungarian, Romanian and Finnish fillers may be left out of a quote of a transcript', () => {
  const vtt = [
    'WEBVTT', '',
    '00:00:01.000 --> 00:00:04.000', 'A híd ööö jövő hétfőn újra megnyílik a forgalom előtt.', '',
    '00:00:05.000 --> 00:00:08.000', 'Podul va fi ăă redeschis luni pentru toate mașinile.', '',
    '00:00:09.000 --> 00:00:12.000', 'Silta avataan öö uudelleen maanantaina kaikelle liikenteelle.', '',
  ].join('\n');
  const library = new SourceLibrary();
  const read = readerFor('bridge.vtt')!.read(new TextEncoder().encode(vtt), DEFAULT_SOURCE_LIMITS) as ReadSource;
  library.addText({ uri: 'file:///lib/bridge.vtt', path: 'lib/bridge.vtt', text: read.text, extracted: read.extracted! });
  const service = createLanguageService({ library });
  const verdicts = (draft: string): string[] => service.getQuotationModel(TextDocument.create('file:///d.md', 'markdown', 1, draft)).quotes.map((q) => q.verdict);
  assert.deepEqual(verdicts('„A híd jövő hétfőn újra megnyílik a forgalom előtt” [@bridge].'), ['verified']);
  assert.deepEqual(verdicts('„Podul va fi redeschis luni pentru toate mașinile” [@bridge].'), ['verified']);
  assert.deepEqual(verdicts('”Silta avataan uudelleen maanantaina kaikelle liikenteelle” [@bridge].'), ['verified']);
  // A left-out word that is no filler is still a change.
  assert.deepEqual(verdicts('„Podul va fi redeschis luni pentru mașinile” [@bridge].'), ['misquote']);
});

test('words said twice are at either time: citing the second time is no wrong time', () => {
  const library = new SourceLibrary();
  const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n<v Ewan Dorsey>We will rebuild the northern pier before the winter storms.\n\n00:00:10.000 --> 00:00:14.000\n<v Ewan Dorsey>The council has promised the money for it.\n\n00:00:40.000 --> 00:00:44.000\n<v Ewan Dorsey>We will rebuild the northern pier before the winter storms.\n';
  const result = readerFor('pier.vtt')!.read(new TextEncoder().encode(vtt), DEFAULT_SOURCE_LIMITS);
  assert.ok(!(result instanceof Promise) && !isReadFailure(result));
  const { text, extracted } = result as ReadSource;
  library.addText({ uri: 'file:///lib/pier.vtt', path: 'lib/pier.vtt', text, extracted: extracted! });
  const service = createLanguageService({ library });
  const quote = '"We will rebuild the northern pier before the winter storms"';
  assert.deepEqual(check(service, `${quote} [@pier, 0:01].`).codes, []);
  assert.deepEqual(check(service, `${quote} [@pier, 0:40].`).codes, []);
  assert.deepEqual(check(service, `${quote} [@pier, 0:10].`).codes, ['wrong-time']);
});
