import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { REPO } from '../helpers';
import { codesOf, describeDiagnostics, LspTestClient, messageOf } from './lspClient';

// Protocol tests of the clean-up: two drafts open at once, each naming its own bibliography, are
// each checked against their own (the library holds both), with the seeds as shared sources.

const TEST = { timeout: 30_000 };
const TWO_DRAFTS = path.join(REPO, 'tests', 'fixtures', 'two-bibliographies');

describe('language server with two open drafts that name different bibliographies', () => {
  let client: LspTestClient;
  const text = (draft: string): string => fs.readFileSync(path.join(TWO_DRAFTS, draft, 'draft.md'), 'utf8');

  before(async () => {
    client = await LspTestClient.start({ populate: (workspace) => fs.cpSync(TWO_DRAFTS, workspace, { recursive: true }) });
  });
  after(async () => {
    await client?.dispose();
  });

  test('each draft knows only its own keys, and the other draft\'s full text is no wrong source', TEST, async () => {
    const a = await client.open('a/draft.md', text('a'));
    await client.waitForDiagnostics(a, (d) => codesOf(d).includes('unknown-source'), { description: 'unknown @beta2020' });
    const b = await client.open('b/draft.md', text('b'));
    const inB = await client.waitForDiagnostics(b, (d) => codesOf(d).includes('unknown-source'), { description: 'unknown @alpha2020' });
    // Draft a is checked again once b's bibliography is in the library: edit it to see its latest verdicts.
    const version = await client.change(a, `${text('a')}\n`);
    const inA = await client.waitForDiagnostics(a, (d) => d.length > 0, { minVersion: version, description: 'after b was opened' });
    for (const [diagnostics, own, other] of [[inA, 'alpha2020', 'beta2020'], [inB, 'beta2020', 'alpha2020']] as const) {
      assert.deepEqual(codesOf(diagnostics).sort(), ['quote-not-found', 'unknown-source'], describeDiagnostics(diagnostics));
      assert.match(messageOf(diagnostics.find((d) => d.code === 'quote-not-found')!), new RegExp(`quote not found in @${own} or any other source`));
      assert.match(messageOf(diagnostics.find((d) => d.code === 'unknown-source')!), new RegExp(`no source has the key "${other}"; did you mean @${own}\\?`));
    }
  });

  test('key completion offers a draft its own bibliography\'s keys and the shared sources, not the other draft\'s', TEST, async () => {
    const draftText = `${text('a')}\nSee [@`;
    const a = client.uri('a/draft.md');
    await client.change(a, draftText);
    const position = TextDocument.create(a, 'markdown', 1, draftText).positionAt(draftText.length);
    const result = await client.request<CompletionList | CompletionItem[]>('textDocument/completion', { textDocument: { uri: a }, position });
    const labels = (Array.isArray(result) ? result : result.items).map((item) => item.label);
    assert.ok(labels.includes('alpha2020'), labels.join(', '));
    assert.ok(!labels.includes('beta2020'), labels.join(', '));
    assert.ok(labels.some((label) => label.startsWith('000_')), `a seed key is shared: ${labels.join(', ')}`);
  });
});
