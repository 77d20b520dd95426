import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { settledDocument } from '../../server/src/lsp/settledDocument';
import { createLanguageService } from '../../server/src/service/languageService';
import { APPEAL, RALLY, seedLibrary } from '../helpers';

// Requests away from the typing are answered from the last parsed version when that is exact
// (issue 27): the same answer as on the version just typed, without parsing it.

const QUOTE = 'It did not specify those mechanisms';
const draft = (typed: string): string =>
  `As @${APPEAL} reports, "${QUOTE}" [@${RALLY}].\n\nA second paragraph about the appeal [@${APPEAL}].\n\nThe writer types here: ${typed}\n`;

test('a hover, definition or code action before the edited block is answered from the last parsed version, exactly', () => {
  const service = createLanguageService({ library: seedLibrary() });
  const first = TextDocument.create('file:///settled.md', 'markdown', 1, draft(''));
  service.computeDiagnostics(first);
  const typed = TextDocument.create(first.uri, 'markdown', 2, draft('and so on'));
  for (const position of [{ line: 0, character: 6 }, { line: 0, character: 30 }, { line: 2, character: 40 }]) {
    const settled = settledDocument(service, typed, position);
    assert.equal(settled.version, 1, `answered from version 1 at ${JSON.stringify(position)}`);
    const fresh = createLanguageService({ library: seedLibrary() });
    assert.deepEqual(service.getHover(settled, position), fresh.getHover(typed, position));
    assert.deepEqual(service.getDefinition(settled, position), fresh.getDefinition(typed, position));
  }
  assert.equal(service.lastParsed(first.uri)?.version, 1, 'the typed version was not parsed');
  // In the edited block itself, the document as typed.
  assert.equal(settledDocument(service, typed, { line: 4, character: 5 }).version, 2);
});

test('an edit before the position, or in its block, leaves the request to the document as typed', () => {
  const service = createLanguageService({ library: seedLibrary() });
  const first = TextDocument.create('file:///settled2.md', 'markdown', 1, draft(''));
  service.computeDiagnostics(first);
  const earlier = TextDocument.create(first.uri, 'markdown', 2, `Intro.\n\n${draft('')}`);
  assert.equal(settledDocument(service, earlier, { line: 4, character: 10 }).version, 2);
  const sameBlock = TextDocument.create(first.uri, 'markdown', 3, draft('').replace('[@', 'and more [@'));
  assert.equal(settledDocument(service, sameBlock, { line: 0, character: 6 }).version, 3);
});
