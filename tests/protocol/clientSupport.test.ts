import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DiagnosticTag, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol';
import { codeActionsFor, diagnosticsFor, hoverFor, NO_SUPPORT, readClientSupport, withFixData } from '../../server/src/lsp/clientSupport';
import { markdownToPlainText } from '../../server/src/lsp/plainText';

// What the LSP adapter makes of the service's answers for a client, by what the client declared
// (SPEC section 6, "Any client"). The protocol tests (anyClient.test.ts) run the same over the wire.

describe('markdownToPlainText', () => {
  const cases: Array<[string, string, string]> = [
    ['emphasis, code and strikethrough marks go, their words stay', '**Misquote** of `@key`: quote has ~~3,000~~', 'Misquote of @key: quote has 3,000'],
    ['backslash escapes are undone', 'No source has the key \\_x\\*y\\[1\\]', 'No source has the key _x*y[1]'],
    ['paragraphs are separated by a blank line', 'one\n\ntwo', 'one\n\ntwo'],
    ['a block quote keeps its marker on each line', '> first\n> second', '> first\n> second'],
    ['a tight list: one item a line, set off from the paragraph before', 'Differences:\n\n- a\n- b', 'Differences:\n\n- a\n- b'],
    ['an ordered list keeps its numbers', '1. one\n2. two', '1. one\n2. two'],
    ['a link is its text and address; an autolink its address', '[the page](https://x.org) and <https://y.org>', 'the page <https://x.org> and https://y.org'],
    ['a code block is its text', '```\nverbatim check\n```', 'verbatim check'],
  ];
  for (const [what, markdown, plain] of cases) {
    test(what, () => assert.equal(markdownToPlainText(markdown), plain));
  }
});

describe('readClientSupport', () => {
  test('a client that declares nothing supports nothing optional, and gets plain text', () => {
    const support = readClientSupport({});
    assert.deepEqual(
      Object.entries(support).filter(([, value]) => value === true).map(([name]) => name),
      [],
    );
    assert.equal(support.hoverFormat, 'plaintext');
    assert.equal(support.documentationFormat, 'plaintext');
  });

  test('Markdown only when the client lists it before plain text', () => {
    assert.equal(readClientSupport({ textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } } }).hoverFormat, 'markdown');
    assert.equal(readClientSupport({ textDocument: { hover: { contentFormat: ['plaintext', 'markdown'] } } }).hoverFormat, 'plaintext');
    assert.equal(readClientSupport({ textDocument: { hover: { contentFormat: [] } } }).hoverFormat, 'plaintext');
  });
});

describe('answers fitted to the client', () => {
  const range = { start: { line: 2, character: 8 }, end: { line: 2, character: 20 } };
  const diagnostic: Diagnostic = {
    range,
    message: 'misquote of @a',
    source: 'verbatim',
    code: 'misquote',
    tags: [DiagnosticTag.Unnecessary],
    relatedInformation: [{ location: { uri: 'file:///s.txt', range }, message: 'source passage' }],
    data: { fixes: [] },
  };

  test('a hover in Markdown becomes plain text for a client without Markdown', () => {
    const hover = hoverFor({ contents: { kind: 'markdown', value: '**Verbatim** ✓ in `@a`' } }, NO_SUPPORT);
    assert.deepEqual(hover.contents, { kind: 'plaintext', value: 'Verbatim ✓ in @a' });
    const markdown = readClientSupport({ textDocument: { hover: { contentFormat: ['markdown'] } } });
    assert.deepEqual(hoverFor({ contents: { kind: 'markdown', value: '**x**' } }, markdown).contents, { kind: 'markdown', value: '**x**' });
  });

  test('code actions become commands for a client without code action literals', () => {
    const fix: CodeAction = { title: 'Use the words of @a', kind: 'quickfix', edit: { changes: { 'file:///d.md': [{ range, newText: 'x' }] } } };
    const open: CodeAction = { title: 'Open source @a', kind: '', command: { title: 'Open source @a', command: 'verbatim.server.openSource', arguments: ['file:///s.txt'] } };
    assert.deepEqual(codeActionsFor([fix, open], NO_SUPPORT), [
      { title: 'Use the words of @a', command: 'verbatim.server.applyEdit', arguments: [fix.edit] },
      { title: 'Open source @a', command: 'verbatim.server.openSource', arguments: ['file:///s.txt'] },
    ]);
    const literal = readClientSupport({ textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } } });
    assert.deepEqual(codeActionsFor([fix, open], literal), [fix, open]);
  });

  test('diagnostics keep related information and tags only where declared', () => {
    const [bare] = diagnosticsFor([diagnostic], NO_SUPPORT);
    assert.equal(bare?.relatedInformation, undefined);
    assert.equal(bare?.tags, undefined);
    assert.deepEqual(bare?.data, diagnostic.data, 'data stays: code actions read it back');
    const full = readClientSupport({ textDocument: { publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [DiagnosticTag.Unnecessary] } } } });
    assert.deepEqual(diagnosticsFor([diagnostic], full), [diagnostic]);
  });

  test('a diagnostic sent back without its data gets the fixes of the one computed at its range', () => {
    const { data: _dropped, ...sent } = diagnostic;
    assert.deepEqual(withFixData([sent], () => [diagnostic]), [{ ...sent, data: diagnostic.data }]);
    const elsewhere = { ...diagnostic, range: { start: range.start, end: { line: 2, character: 21 } } };
    assert.deepEqual(withFixData([sent], () => [elsewhere]), [sent], 'another range: no fixes borrowed');
  });
});
