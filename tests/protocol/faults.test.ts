import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, test } from 'node:test';
import type { CompletionList, Hover } from 'vscode-languageserver-protocol';
import { APPEAL, RALLY } from '../helpers';
import { codesOf, frame, LspTestClient, rawSession } from './lspClient';

const TEST = { timeout: 60_000 };


describe('the server under faults', () => {
  test('a request before initialize gets an error, and initialize still works', TEST, async () => {
    const messages = await rawSession(
      [
        frame(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///x.md' }, position: { line: 0, character: 0 } } })),
        frame(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } })),
      ],
      2,
    );
    const early = messages.find((m) => m['id'] === 1);
    assert.ok(early && 'error' in early, `the early request is refused: ${JSON.stringify(early)}`);
    const init = messages.find((m) => m['id'] === 2) as { result?: { capabilities?: unknown } };
    assert.ok(init.result?.capabilities, 'initialize answered');
  });

  test('malformed JSON and unknown methods do not stop the server', TEST, async () => {
    const messages = await rawSession(
      [
        frame('{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {'),
        frame(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } })),
        frame(JSON.stringify({ jsonrpc: '2.0', method: 'initialized', params: {} })),
        frame(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'verbatim/noSuchThing', params: {} })),
        frame(JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'textDocument/completion', params: { textDocument: { uri: 'file:///nowhere.md' }, position: { line: 0, character: 0 } } })),
        frame(JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'textDocument/hover', params: { textDocument: 'not an object' } })),
        frame(JSON.stringify({ jsonrpc: '2.0', id: 6, method: 'workspace/symbol', params: { query: '' } })),
      ],
      6,
    );
    const byId = (id: number) => messages.find((m) => m['id'] === id) as Record<string, unknown> | undefined;
    assert.ok(byId(2)?.['result'], 'initialize after garbage');
    assert.equal((byId(3)?.['error'] as { code?: number } | undefined)?.code, -32601, 'unknown method');
    assert.equal(byId(4)?.['result'], null, 'completion in an unknown document');
    assert.ok(byId(5), 'a malformed hover is answered');
    assert.ok(Array.isArray(byId(6)?.['result']), 'still serving');
  });

  test('a burst of 1,000 edits: the last version is checked, memory stays bounded', TEST, async (t) => {
    const client = await LspTestClient.start();
    t.after(() => client.dispose());
    const base = `"Russia deployed 3,000 peacekeeping troops in Karabakh" [@${APPEAL}]\n\n`;
    const uri = await client.open('burst.md', base);
    let version = 1;
    for (let i = 0; i < 1000; i++) version = await client.change(uri, `${base}Typing ${'x'.repeat(i % 50)} ${i}\n`);
    const last = `${base}"It did not specify those mechanisms" [@${APPEAL}] and "a quote found in no source at all" [@${RALLY}]\n`;
    version = await client.change(uri, last);
    const diagnostics = await client.waitForDiagnostics(uri, (ds) => ds.length === 2, { minVersion: version, description: 'the final version' });
    assert.deepEqual(codesOf(diagnostics), ['misquote', 'quote-not-found']);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 5 } });
    assert.match(JSON.stringify(hover), /Misquote/);
    const status = fs.readFileSync(`/proc/${client.child.pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    assert.ok(rssKb > 0 && rssKb < 400_000, `server memory after the burst: ${rssKb} kB`);
  });

  test('a storm of cancelled requests: each is answered or cancelled, and the server keeps serving', TEST, async (t) => {
    const client = await LspTestClient.start();
    t.after(() => client.dispose());
    const uri = await client.open('storm.md', 'See [@');
    const pending: Array<Promise<unknown>> = [];
    for (let i = 0; i < 300; i++) {
      const source = new (await import('vscode-jsonrpc')).CancellationTokenSource();
      pending.push(
        client.connection
          .sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 6 } }, source.token)
          .then(
            () => 'answered',
            (error: { code?: number }) => (error.code === -32800 ? 'cancelled' : `error ${String(error.code)}`),
          ),
      );
      source.cancel();
    }
    const outcomes = await Promise.all(pending);
    assert.ok(outcomes.every((o) => o === 'answered' || o === 'cancelled'), JSON.stringify([...new Set(outcomes)]));
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 6 } });
    assert.equal(list.items.length, 2);
  });
});
