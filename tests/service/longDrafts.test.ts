import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DRAFT_DOCUMENTS, lineStarts } from '../../server/src/lsp/draftDocuments';
import { preparedDocument } from '../../server/src/lsp/settledDocument';
import { analyzeDraft } from '../../server/src/core/draft/draftAnalysis';
import { AT_ONCE_CHARS, MAX_CHECKED_CHARS } from '../../server/src/service/documentModel';
import { createLanguageService } from '../../server/src/service/languageService';
import { NEVER_CANCELLED } from '../../server/src/service/serviceContext';
import { APPEAL, RALLY, seedLibrary } from '../helpers';

// Issue 27, never blocked: a long draft's parse and check run in slices that give way to other
// work, a request on it waits for its own parse without holding up the others, and a hover on it
// checks the quotation asked about, not all of them. Every answer is the one a check at once gives.

const MISQUOTE = `He claimed that "any announcement of compromise made on behalf of the people of Artsakh is rejected" [@${RALLY}].`;
const VERBATIM = `As @${APPEAL} reports, "It did not specify those mechanisms" [@${APPEAL}].`;
const FILLER = 'Plain prose about the council and its long meetings, nothing quoted here at all. '.repeat(6);

/** A draft of about `chars` characters: a verbatim quote and a misquote every ten paragraphs. */
function longDraft(chars: number): string {
  const section = `${VERBATIM}\n\n${MISQUOTE}\n\n${`${FILLER}\n\n`.repeat(8)}`;
  return section.repeat(Math.ceil(chars / section.length));
}

/** Counts the turns of the event loop while `work` runs: more than none means it gave way. */
async function turnsDuring<T>(work: Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let done = false;
  const tick = (): void => {
    if (done) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  const value = await work;
  done = true;
  return { value, turns };
}

test('a long draft is checked in slices that give way to other work, with the diagnostics of a check at once', async () => {
  const document = TextDocument.create('file:///long.md', 'markdown', 1, longDraft(400_000));
  const service = createLanguageService({ library: seedLibrary() });
  const { value, turns } = await turnsDuring(service.checkDocument(document, NEVER_CANCELLED));
  assert.ok(turns > 5, `the event loop turned ${turns} times during the check`);
  const atOnce = createLanguageService({ library: seedLibrary() }).computeDiagnostics(document);
  assert.deepEqual(value?.diagnostics, atOnce);
  assert.ok((atOnce ?? []).some((d) => d.code === 'misquote'));
});

test('a check of a version the writer has moved past stops at its next slice and publishes nothing', async () => {
  const service = createLanguageService({ library: seedLibrary() });
  const document = DRAFT_DOCUMENTS.create('file:///moved.md', 'markdown', 1, longDraft(400_000));
  const check = service.checkDocument(document, NEVER_CANCELLED);
  DRAFT_DOCUMENTS.update(document, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }], 2);
  assert.equal(await check, undefined);
});

test('a hover or definition on a long draft not checked yet answers for the quotation asked about, as the whole check does', async () => {
  const text = longDraft(AT_ONCE_CHARS * 3);
  const document = TextDocument.create('file:///hover.md', 'markdown', 1, text);
  const service = createLanguageService({ library: seedLibrary() });
  const line = text.split('\n').findIndex((l) => l === MISQUOTE);
  const lastLine = text.split('\n').lastIndexOf(MISQUOTE);
  const checked = createLanguageService({ library: seedLibrary() });
  checked.computeDiagnostics(document);
  for (const at of [line, lastLine]) {
    const position = { line: at, character: MISQUOTE.indexOf('announcement') };
    const hover = service.getHover(document, position);
    assert.match(JSON.stringify(hover), /Misquote/);
    assert.deepEqual(hover, checked.getHover(document, position));
    assert.deepEqual(service.getDefinition(document, position), checked.getDefinition(document, position));
  }
  // Only the quotations asked about were checked: a later check still finds the rest to do.
  const before = service.work.postings + service.work.cells;
  service.computeDiagnostics(document);
  assert.ok(service.work.postings + service.work.cells > before);
});

test('a hover at a position of a long Markdown draft not parsed yet answers at once, from the paragraph there, as a parse at once does', async () => {
  const service = createLanguageService({ library: seedLibrary() });
  const text = longDraft(AT_ONCE_CHARS * 3);
  const document = DRAFT_DOCUMENTS.create('file:///request.md', 'markdown', 1, text);
  const lines = text.split('\n');
  const last = lines.lastIndexOf(MISQUOTE);
  const checked = createLanguageService({ library: seedLibrary() });
  for (const position of [{ line: 0, character: VERBATIM.indexOf('@') + 2 }, { line: last, character: MISQUOTE.indexOf('announcement') }, { line: last, character: MISQUOTE.indexOf(`@${RALLY}`) + 2 }]) {
    const view = await preparedDocument(service, document, position, NEVER_CANCELLED);
    assert.equal(view, document, 'no settled version to answer from: the document as it is');
    assert.deepEqual(service.getHover(view, position), checked.getHover(document, position), JSON.stringify(position));
    assert.deepEqual(service.getDefinition(view, position), checked.getDefinition(document, position));
  }
  assert.equal(service.lastParsed(document.uri), undefined, 'the draft was not parsed whole');
  // Beyond the part checked, nothing, as the whole draft's parse gives.
  const beyond = DRAFT_DOCUMENTS.create('file:///beyond.md', 'markdown', 1, longDraft(MAX_CHECKED_CHARS + 200_000));
  const tail = beyond.getText().split('\n').lastIndexOf(MISQUOTE);
  const at = { line: tail, character: MISQUOTE.indexOf('announcement') };
  assert.equal(service.getHover(beyond, at), undefined);
  assert.equal(checked.getHover(beyond, at), undefined);
});

test('a request on a long LaTeX draft waits for its parse apart, then answers on the version it was sent for', async () => {
  const asked: number[] = [];
  const service = createLanguageService({
    library: seedLibrary(),
    parseApart: async (part, format) => {
      asked.push(part.length);
      await new Promise((resolve) => setImmediate(resolve));
      return analyzeDraft(part, format);
    },
  });
  const section = `As \\textcite{${APPEAL}} reports, \\enquote{It did not specify those mechanisms}.\n\n${`${FILLER}\n\n`.repeat(8)}`;
  const text = `\\documentclass{article}\n\\begin{document}\n${section.repeat(Math.ceil((AT_ONCE_CHARS * 3) / section.length))}\\end{document}\n`;
  const document = DRAFT_DOCUMENTS.create('file:///request.tex', 'latex', 1, text);
  const position = { line: 2, character: section.indexOf('{') + 2 };
  assert.equal(service.answersAtOnce(document), false);
  const view = await preparedDocument(service, document, position, NEVER_CANCELLED);
  assert.deepEqual(asked, [text.length], 'parsed apart, once');
  assert.equal(service.answersAtOnce(view), true);
  assert.match(JSON.stringify(service.getHover(view, position)), new RegExp(`@${APPEAL}`));
  // A short draft is answered at once, as before.
  assert.equal(service.answersAtOnce(TextDocument.create('file:///short.md', 'markdown', 1, VERBATIM)), true);
});

test('line starts found by search are those the library finds, through incremental edits', () => {
  const texts = ['', '\n', 'one', 'one\n', 'one\ntwo\n\nfour', `${'x'.repeat(70_000)}\n${'y\n'.repeat(40_000)}z`];
  for (const text of texts) {
    const expected = TextDocument.create('file:///a.md', 'markdown', 1, text);
    const ours = DRAFT_DOCUMENTS.create('file:///a.md', 'markdown', 1, text);
    assert.deepEqual(lineStarts(text), [0, ...[...text.matchAll(/\n/g)].map((m) => m.index! + 1)]);
    const edits = [
      { range: { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } }, text: 'ab\ncd' },
      { range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, text: '' },
    ];
    for (let round = 0; round <= edits.length; round++) {
      for (const offset of [0, 1, Math.floor(text.length / 2), text.length - 1, text.length, text.length + 5]) {
        assert.deepEqual(ours.positionAt(offset), expected.positionAt(offset), `${JSON.stringify(text.slice(0, 20))}: offset ${offset}`);
        const position = expected.positionAt(offset);
        assert.equal(ours.offsetAt(position), expected.offsetAt(position));
      }
      assert.equal(ours.lineCount, expected.lineCount);
      if (round < edits.length) {
        TextDocument.update(expected, [edits[round]!], round + 2);
        DRAFT_DOCUMENTS.update(ours, [edits[round]!], round + 2);
      }
    }
  }
  // A text with a carriage return is left to the library, which counts `\r` and `\r\n` too.
  assert.equal(lineStarts('a\r\nb'), undefined);
  const crlf = DRAFT_DOCUMENTS.create('file:///b.md', 'markdown', 1, `${'a\r\n'.repeat(30_000)}b\rc`);
  assert.deepEqual(crlf.positionAt(90_002), { line: 30_001, character: 0 });
});

test('completion while typing in a long draft reads the paragraph typed in, not the whole draft, and answers as a parse at once does', () => {
  const service = createLanguageService({ library: seedLibrary() });
  const text = longDraft(AT_ONCE_CHARS * 3);
  const first = TextDocument.create('file:///typing.md', 'markdown', 1, text);
  service.computeDiagnostics(first);
  const lines = text.split('\n');
  const at = Math.floor(lines.length / 2) - (Math.floor(lines.length / 2) % 24) + 4; // a filler paragraph
  const typings: Array<[string, string]> = [
    [`As @${APPEAL.slice(0, 5)}`, ''], // a key being typed
    ['He said "Tens of thousands of people', ''], // a quotation being typed
    ['Inside `code @', 'x` it is code'], // in a code span: nothing
  ];
  for (const [i, [typed, rest]] of typings.entries()) {
    const edited = [...lines.slice(0, at), `${typed}${rest}`, ...lines.slice(at)].join('\n');
    const document = TextDocument.create(first.uri, 'markdown', 2 + i, edited);
    const position = { line: at, character: typed.length };
    const items = service.getCompletionItems(document, position);
    assert.equal(service.lastParsed(first.uri)?.version, 1, `${typed}: the version typed was not parsed`);
    assert.deepEqual(items, createLanguageService({ library: seedLibrary() }).getCompletionItems(document, position), typed);
    if (i < 2) assert.ok(items.items.length > 0, `${typed}: items`);
    else assert.equal(items.items.length, 0);
  }
});

test('a long LaTeX draft is parsed apart when the host can, and completion while it is typed waits for no parse', async () => {
  const section = `He said \\enquote{It did not specify those mechanisms} \\parencite{${APPEAL}}, and \\enquote{any announcement of compromise made on behalf of the people of Artsakh is rejected} \\parencite{${RALLY}}.\n\n${`${FILLER}\n\n`.repeat(8)}`;
  const text = `\\documentclass{article}\n\\usepackage{csquotes}\n\\begin{document}\n${section.repeat(Math.ceil((AT_ONCE_CHARS * 3) / section.length))}\\end{document}\n`;
  const asked: string[] = [];
  const service = createLanguageService({
    library: seedLibrary(),
    parseApart: async (part, format) => {
      asked.push(format);
      return analyzeDraft(part, format);
    },
  });
  const first = TextDocument.create('file:///thesis.tex', 'latex', 1, text);
  const checked = await service.checkDocument(first, NEVER_CANCELLED);
  assert.deepEqual(asked, ['latex']);
  assert.deepEqual(checked?.diagnostics, createLanguageService({ library: seedLibrary() }).computeDiagnostics(first));
  assert.ok((checked?.diagnostics ?? []).some((d) => d.code === 'misquote'));
  // Typing `\parencite{001` in the middle: the keys are offered from the syntax and the last parse.
  const lines = text.split('\n');
  const at = Math.floor(lines.length / 2);
  const typed = `See \\parencite{${APPEAL.slice(0, 3)}`;
  const edited = TextDocument.create(first.uri, 'latex', 2, [...lines.slice(0, at), typed, ...lines.slice(at)].join('\n'));
  const position = { line: at, character: typed.length };
  const items = service.getCompletionItems(edited, position);
  assert.equal(service.lastParsed(first.uri)?.version, 1, 'the version typed was not parsed');
  assert.deepEqual(items, createLanguageService({ library: seedLibrary() }).getCompletionItems(edited, position));
  assert.equal(items.items[0]?.label, APPEAL, 'the cited key first');
});
