import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PassageSearchResult, QuoteCheck } from '../../protocol/src/messages';
import { APPEAL } from '../helpers';
import { LspTestClient } from './lspClient';

// The requests behind the VS Code language-model tools (verbatim/checkQuotes, verbatim/findPassages),
// through the built server over stdio: the same service answers as `verbatim mcp` gives.

const MISQUOTE = `He said "Russia deployed 3,000 peacekeeping troops in Karabakh" [@${APPEAL}].\n`;

describe('the language-model tools\' requests', () => {
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start();
  });

  after(async () => client.stop());

  test('verbatim/checkQuotes: an open draft\'s quotations with verdicts, the diagnostics\' own, and the text', { timeout: 30_000 }, async () => {
    const uri = await client.open('draft.md', MISQUOTE);
    // The request waits for the library: no status wait needed before it.
    const answer = await client.request<{ check: QuoteCheck; text: string }>('verbatim/checkQuotes', { uri, text: MISQUOTE });
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.equal(answer.check.draft, 'draft.md');
    assert.deepEqual(answer.check.quotes.map((q) => q.verdict), ['misquote']);
    const quote = answer.check.quotes[0]!;
    assert.deepEqual(quote.problems.map((p) => p.code), diagnostics.map((d) => (d.data as { code: string }).code));
    assert.equal(quote.passage?.text, 'Russia deployed 2,000 peacekeeping troops in Karabakh');
    assert.equal(quote.fix?.replacement, 'Russia deployed 2,000 peacekeeping troops in Karabakh');
    assert.match(answer.text, /^draft\.md: 1 quotation/);
    assert.match(answer.text, /1:9 MISQUOTE/);
    // Text the editor does not have open (an assistant's new paragraph) is checked on its own.
    const fixed = `He said "Russia deployed 2,000 peacekeeping troops in Karabakh" [@${APPEAL}].\n`;
    const other = await client.request<{ check: QuoteCheck }>('verbatim/checkQuotes', { uri: client.uri('new.md'), text: fixed });
    assert.deepEqual(other.check.quotes.map((q) => q.verdict), ['verified']);
  });

  test('verbatim/findPassages: the exact words with the citation; an unknown key says so', { timeout: 30_000 }, async () => {
    const answer = await client.request<{ result: PassageSearchResult; text: string }>('verbatim/findPassages', { words: 'russia deployed 2000 peacekeeping troops' });
    const best = answer.result.passages[0]!;
    assert.equal(best.key, APPEAL);
    assert.equal(best.text, 'Russia deployed 2,000 peacekeeping troops');
    assert.equal(best.citation, `[@${APPEAL}]`);
    assert.equal(best.exact, true);
    assert.match(answer.text, new RegExp(`quote: “Russia deployed 2,000 peacekeeping troops” \\[@${APPEAL}\\]`));
    const unknown = await client.request<{ result: PassageSearchResult; text: string }>('verbatim/findPassages', { words: 'anything at all', key: 'nope' });
    assert.deepEqual(unknown.result.passages, []);
    assert.match(unknown.result.problem ?? '', /no source has the key "nope"/);
  });
});
