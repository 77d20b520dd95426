import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CompletionList, DocumentLink, Hover, InlayHint } from 'vscode-languageserver-protocol';
import { APPEAL, RALLY } from '../helpers';
import { LspTestClient } from './lspClient';

// Issue 27, never blocked: while the built server checks a 10 MB draft, hover and completion on it
// and on another draft are answered, with their right content (how fast is the bench's to say:
// bench/longDraft.ts; a test never asserts a duration).

const MISQUOTE = `He claimed that "any announcement of compromise made on behalf of the people of Artsakh is rejected" [@${RALLY}].`;
const VERBATIM = `As @${APPEAL} reports, "It did not specify those mechanisms" [@${APPEAL}].`;
const FILLER = `${'Plain prose follows here, sentence after sentence, with no quotation in it at all. '.repeat(12)}\n\n`;

test('hover and completion are answered, right, while a 10 MB draft is checked', { timeout: 180_000 }, async () => {
  const client = await LspTestClient.start();
  try {
    const small = await client.open('small.md', `As [@${APPEAL}] says, and @\n`);
    const section = `${VERBATIM}\n\n${MISQUOTE}\n\n${FILLER.repeat(10)}`;
    const text = section.repeat(Math.ceil(10_000_000 / section.length));
    const huge = await client.open('huge.md', text);
    // Sent at once, before the check of the draft just opened is done.
    const requests = {
      hoverKey: client.request<Hover | null>('textDocument/hover', { textDocument: { uri: huge }, position: { line: 0, character: VERBATIM.indexOf('@') + 2 } }, 120_000),
      hoverQuote: client.request<Hover | null>('textDocument/hover', { textDocument: { uri: huge }, position: { line: 2, character: MISQUOTE.indexOf('announcement') } }, 120_000),
      completion: client.request<CompletionList | null>('textDocument/completion', { textDocument: { uri: huge }, position: { line: 0, character: VERBATIM.indexOf('@') + 1 } }, 120_000),
      smallHover: client.request<Hover | null>('textDocument/hover', { textDocument: { uri: small }, position: { line: 0, character: 6 } }, 120_000),
      smallCompletion: client.request<CompletionList | null>('textDocument/completion', { textDocument: { uri: small }, position: { line: 0, character: `As [@${APPEAL}] says, and @`.length } }, 120_000),
      hints: client.request<InlayHint[] | null>('textDocument/inlayHint', { textDocument: { uri: huge }, range: { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } } }, 120_000),
      links: client.request<DocumentLink[] | null>('textDocument/documentLink', { textDocument: { uri: huge } }, 120_000),
      citables: client.request<Array<{ key: string }>>('verbatim/citables', { uri: huge }, 120_000),
      references: client.request<Array<{ uri: string }> | null>('textDocument/references', { textDocument: { uri: small }, position: { line: 0, character: 6 }, context: { includeDeclaration: true } }, 120_000),
    };
    const hoverKey = await requests.hoverKey;
    assert.match(JSON.stringify(hoverKey), /Karabakh Armenians Appeal to Russia/);
    assert.match(JSON.stringify(await requests.hoverQuote), /Misquote[\s\S]*announcement/);
    assert.ok((await requests.completion)?.items.some((item) => item.label === APPEAL), 'the key typed is offered');
    assert.match(JSON.stringify(await requests.smallHover), /Karabakh Armenians Appeal to Russia/);
    assert.ok((await requests.smallCompletion)?.items.some((item) => item.label === RALLY));
    // Hints after the verified quote (none on the misquote); a link on every key of the part checked.
    assert.match(JSON.stringify(await requests.hints), new RegExp(`✓ @${APPEAL}`));
    assert.ok(((await requests.links) ?? []).length >= 2);
    assert.ok((await requests.citables).some((citable) => citable.key === APPEAL), 'the picker lists the sources');
    const references = (await requests.references) ?? [];
    assert.ok(references.some((r) => r.uri === small) && references.filter((r) => r.uri === huge).length > 100, `${references.length} references`);
    // The check ends with the draft's diagnostics (the part checked), and says it checked a part.
    const diagnostics = await client.waitForDiagnostics(huge, (ds) => ds.some((d) => d.code === 'misquote'), { timeoutMs: 150_000 });
    assert.deepEqual(diagnostics.slice(0, 2).map((d) => [d.code, d.range.start.line]), [['misquote', 2], ['misquote', 26]]);
    await client.waitFor('the partial check told', () => client.log.some((line) => /huge\.md is 10\.0 million characters long; only its first 1 million/.test(line)), () => '', 30_000);
    // After an edit at its top, hover below it still answers for the draft as typed.
    await client.change(huge, `Typed. ${text}`);
    assert.match(JSON.stringify(await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: huge }, position: { line: 2, character: MISQUOTE.indexOf('announcement') } }, 120_000)), /Misquote/);
  } finally {
    await client.dispose();
  }
});

test('a long LaTeX draft is parsed apart and checked while requests on other drafts are answered', { timeout: 180_000 }, async () => {
  const client = await LspTestClient.start();
  try {
    const small = await client.open('small.md', `As [@${APPEAL}] says.\n`);
    const section = `He said \\enquote{It did not specify those mechanisms} \\parencite{${APPEAL}}.\n\nHe claimed that \\enquote{any announcement of compromise made on behalf of the people of Artsakh is rejected} \\parencite{${RALLY}}.\n\n${FILLER.repeat(10)}`;
    const text = `\\documentclass{article}\n\\usepackage{csquotes}\n\\begin{document}\n${section.repeat(Math.ceil(3_000_000 / section.length))}\\end{document}\n`;
    const thesis = await client.open('thesis.tex', text, 'latex');
    const hover = client.request<Hover | null>('textDocument/hover', { textDocument: { uri: small }, position: { line: 0, character: 6 } }, 120_000);
    const completion = client.request<CompletionList | null>('textDocument/completion', { textDocument: { uri: thesis }, position: { line: 3, character: section.indexOf('{', section.indexOf('parencite')) + 2 } }, 120_000);
    assert.match(JSON.stringify(await hover), /Karabakh Armenians Appeal to Russia/);
    assert.ok((await completion)?.items.some((item) => item.label === APPEAL), 'the key typed in \\parencite{…} is offered');
    const diagnostics = await client.waitForDiagnostics(thesis, (ds) => ds.some((d) => d.code === 'misquote'), { timeoutMs: 150_000 });
    assert.deepEqual(diagnostics.slice(0, 1).map((d) => [d.code, d.range.start.line]), [['misquote', 5]]);
  } finally {
    await client.dispose();
  }
});
