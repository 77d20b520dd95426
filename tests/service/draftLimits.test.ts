import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_MESSAGE_LENGTH, shortened } from '../../server/src/service/diagnostics';
import { MAX_CHECKED_CHARS } from '../../server/src/service/documentModel';
import { createLanguageService } from '../../server/src/service/languageService';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { markedDocument, RALLY, seedLibrary } from '../helpers';

// Limits with a clear message (issue 27): what a draft holds is never echoed whole in a
// diagnostic, and a draft too long to check whole is checked up to a paragraph break.

const service = createLanguageService({ library: seedLibrary() });
const MISQUOTE = `He claimed that "any announcement of compromise made on behalf of the people of Artsakh is rejected" [@${RALLY}].`;

test('a 900,000-character citation key is not echoed whole: the message is at most 1,000 characters', () => {
  const key = `k${'x'.repeat(900_000)}`;
  const [diagnostic] = service.computeDiagnostics(markedDocument(`As [@${key}] says.`).document) ?? [];
  assert.equal(diagnostic?.code, 'unknown-source');
  const message = diagnostic.message as string;
  assert.ok(message.length <= MAX_MESSAGE_LENGTH, `${message.length} characters`);
  assert.match(message, /^no source has the key "kxxx+…"/);
});

test('a long message keeps its start and its end around an ellipsis, never half a surrogate pair', () => {
  const text = `${'a'.repeat(600)}${'😀'.repeat(400)}${'z'.repeat(300)}`;
  const cut = shortened(text, 1_000, 200);
  assert.ok(cut.length <= 1_000);
  assert.ok(cut.startsWith('a'.repeat(600)) && cut.endsWith('z'.repeat(200)) && cut.includes('…'));
  assert.doesNotThrow(() => encodeURIComponent(cut), 'no lone surrogate');
  assert.equal(shortened('short', 1_000, 200), 'short');
});

test('a draft over the limit is checked up to a paragraph break before it; what lies beyond is not', () => {
  const filler = 'Plain prose about the council and its long meetings, nothing quoted here at all.\n\n';
  const before = `${MISQUOTE}\n\n`;
  const padding = filler.repeat(Math.ceil(MAX_CHECKED_CHARS / filler.length));
  const { document } = markedDocument(`${before}${padding}${MISQUOTE}\n`);
  assert.ok(document.getText().length > MAX_CHECKED_CHARS);
  const diagnostics = service.computeDiagnostics(document) ?? [];
  assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line]), [['misquote', 0]]);
  const checked = service.checkedChars(document);
  assert.ok(checked <= MAX_CHECKED_CHARS && document.getText().slice(0, checked).endsWith('\n\n'));
});

test('a new version of a draft checks again only the quotes that changed, with the same verdicts as a fresh check', () => {
  const own = createLanguageService({ library: seedLibrary() });
  const quotes = [
    MISQUOTE,
    `"It did not specify those mechanisms" [@${RALLY}].`,
    `A quote "found in no source whatsoever, as far as anyone knows" [@${RALLY}].`,
    `"Any statement of compromise made on behalf of the people of Artsakh is rejected," he said [@${RALLY}].`,
  ];
  const draft = (prose: string, last: string): string => `${prose}\n\n${quotes.slice(0, 3).join('\n\n')}\n\n${last}\n`;
  const first = TextDocument.create('file:///memo.md', 'markdown', 1, draft('Intro.', quotes[3]!));
  own.computeDiagnostics(first);
  const work = (): number => own.work.postings + own.work.cells;
  const before = work();
  // An edit of the prose before every quote moves them all: none is checked again.
  const moved = TextDocument.create(first.uri, 'markdown', 2, draft('A much longer introduction, typed just now.', quotes[3]!));
  const movedDiagnostics = own.computeDiagnostics(moved);
  assert.equal(work(), before, 'no quote checked again');
  assert.deepEqual(movedDiagnostics, createLanguageService({ library: seedLibrary() }).computeDiagnostics(moved));
  // An edit inside one quote: that quote alone is checked again.
  const edited = TextDocument.create(first.uri, 'markdown', 3, draft('Intro.', quotes[3]!.replace('compromise', 'compromises')));
  const editedDiagnostics = own.computeDiagnostics(edited);
  assert.ok(work() > before, 'the edited quote is checked');
  assert.deepEqual(editedDiagnostics, createLanguageService({ library: seedLibrary() }).computeDiagnostics(edited));
});

test('unquoted reuse found in an unchanged paragraph is kept with its offsets moved, as a fresh check finds it', () => {
  const own = createLanguageService({ library: seedLibrary() });
  const reused = 'thousands again flocked to Stepanakert’s Revival Square for a second day of a nationwide rally demanding an end to the blockade';
  const draft = (prose: string): string => `${prose}\n\nThe report said ${reused}, as we saw [@${RALLY}].\n`;
  const first = TextDocument.create('file:///reuse.md', 'markdown', 1, draft('Intro.'));
  assert.deepEqual((own.computeDiagnostics(first) ?? []).map((d) => d.code), ['unquoted-reuse']);
  const work = (): number => own.work.postings + own.work.cells;
  const before = work();
  const moved = TextDocument.create(first.uri, 'markdown', 2, draft('A longer introduction typed since, two lines\nlong.'));
  const diagnostics = own.computeDiagnostics(moved);
  assert.equal(work(), before);
  assert.deepEqual(diagnostics, createLanguageService({ library: seedLibrary() }).computeDiagnostics(moved));
});
