import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CompletionItem, CompletionList, Hover, Location, MarkupContent, Position } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CitableSummary } from '../../protocol/src/messages';
import { REPO } from '../helpers';
import { codesOf, describeDiagnostics, LspTestClient, messageOf } from './lspClient';

// Protocol tests of bibliographies: the built server reads the sample Zotero library (examples/library)
// that a draft names in its front matter, and one named by the `verbatim.bibliography` setting.

const TEST = { timeout: 30_000 };
const LIBRARY = path.join(REPO, 'examples', 'library');

function positionOf(text: string, needle: string, delta = 0): Position {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `fixture has no "${needle}"`);
  return TextDocument.create('file:///x.md', 'markdown', 1, text).positionAt(offset + delta);
}

function markdownOf(hover: Hover | null): string {
  assert.ok(hover, 'expected a hover');
  return (hover.contents as MarkupContent).value;
}

function itemsOf(result: CompletionList | CompletionItem[] | null): CompletionItem[] {
  assert.ok(result, 'expected completion items');
  return Array.isArray(result) ? result : result.items;
}

describe('language server with a Zotero library exported by Better BibTeX', () => {
  let client: LspTestClient;
  let draftText: string;
  let draft: string;

  before(async () => {
    client = await LspTestClient.start({ copySeeds: false });
    fs.cpSync(LIBRARY, path.join(client.workspace, 'library'), { recursive: true });
    draftText = fs.readFileSync(path.join(LIBRARY, 'draft.md'), 'utf8');
    draft = await client.open('library/draft.md', draftText);
  });
  after(async () => {
    await client?.dispose();
  });

  test('a draft naming library.bib is checked against its PDF, HTML, text and Zotero-cache attachments: misquote, wrong page, no-full-text, no unknown key', TEST, async () => {
    const diagnostics = await client.waitForDiagnostics(draft, (d) => codesOf(d).includes('no-full-text'), { description: 'no-full-text' });
    assert.deepEqual(codesOf(diagnostics).sort(), ['misquote', 'no-full-text', 'no-full-text', 'wrong-page'], describeDiagnostics(diagnostics));
    const noText = diagnostics.filter((d) => d.code === 'no-full-text').map(messageOf);
    assert.deepEqual(noText, ['cannot be checked: no full text for @dewaal2003', 'cannot be checked: no full text for @muller2021']);
    const misquote = diagnostics.find((d) => d.code === 'misquote')!;
    assert.match(messageOf(misquote), /misquote of @karabakhreport2022: source says "bilateral", not "multilateral"/);
    assert.equal(misquote.severity, 2);
    assert.equal(diagnostics.find((d) => d.code === 'no-full-text')!.severity, 3);
    assert.match(messageOf(diagnostics.find((d) => d.code === 'wrong-page')!), /wrong page for @karabakhreport2022: the quote is on p\. 12, not p\. 14/);
  });

  test('completion offers the .bib keys, found by title words, with an author-date card', TEST, async () => {
    const text = `${draftText}\nAs [@blockad`;
    await client.change(draft, text);
    const position = TextDocument.create(draft, 'markdown', 1, text).positionAt(text.length);
    const items = itemsOf(await client.request('textDocument/completion', { textDocument: { uri: draft }, position }));
    const item = items.find((i) => i.label === 'muller2021');
    assert.ok(item, `no muller2021 among ${items.map((i) => i.label).join(', ')}`);
    assert.match(item.labelDetails?.description ?? '', /^Müller & Král 2021/);
    const resolved = await client.request<CompletionItem>('completionItem/resolve', item);
    const card = (resolved.documentation as MarkupContent).value;
    assert.match(card, /\*\*Müller, J\., & Král, P\. \(2021\)\.\*\* Blockades as Bargaining: Café Diplomacy in the South Caucasus\. \*Journal of Conflict Studies\*, pp\. 112–134\. <https:\/\/doi\.org\/10\.5555\/jcs\.2021\.0142>/);
    assert.match(card, /No full text\* \(attachment C:\\\\Users/);
    await client.change(draft, draftText);
  });

  test('verbatim/citables lists what the draft can cite, bibliography entries included, for the Insert Citation picker', TEST, async () => {
    await client.waitForDiagnostics(draft, (d) => codesOf(d).includes('no-full-text'), { description: 'the draft checked' });
    const citables = await client.request<CitableSummary[]>('verbatim/citables', { uri: draft });
    const byKey = new Map(citables.map((c) => [c.key, c]));
    for (const key of ['nersisyan2022', 'azatutyun2022appeal', 'karabakhreport2022', 'teacher2022', 'dewaal2003', 'muller2021']) assert.ok(byKey.has(key), `${key} in ${[...byKey.keys()].join(', ')}`);
    const book = byKey.get('dewaal2003')!;
    assert.equal(book.words, undefined, 'no full text');
    assert.match(book.reference, /^de Waal 2003$|^Waal 2003$/);
    assert.ok((byKey.get('karabakhreport2022')?.words ?? 0) > 0, 'the PDF attachment is its full text');
    // Without a draft: every citable of the library, the entries among them.
    const all = await client.request<CitableSummary[]>('verbatim/citables', {});
    assert.ok(all.some((c) => c.key === 'muller2021'));
  });

  test('hover on a key with a full text: the author-date card and the opening lines', TEST, async () => {
    const card = markdownOf(await client.request('textDocument/hover', { textDocument: { uri: draft }, position: positionOf(draftText, '@teacher2022', 2) }));
    assert.match(card, /\*\*Petrosyan, A\. \(2022\)\.\*\* Interview with a Stepanakert Schoolteacher\. \*Reporter's notes\*\./);
    assert.match(card, /`library\/library\.bib:\d+`/);
    assert.match(card, /Full text: `[^`]*interview\.txt`/);
    assert.match(card, /> Interview with a Stepanakert schoolteacher/);
  });

  test('go to definition of an entry without full text opens its line in the .bib', TEST, async () => {
    const locations = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: draft }, position: positionOf(draftText, '@dewaal2003', 2) });
    assert.equal(locations.length, 1);
    assert.ok(locations[0]!.uri.endsWith('/library/library.bib'));
    const line = fs.readFileSync(path.join(LIBRARY, 'library.bib'), 'utf8').split('\n')[locations[0]!.range.start.line];
    assert.equal(line, '@book{dewaal2003,');
  });

  test('the verbatim.bibliography setting makes a CSL-JSON file citable without front matter', TEST, async () => {
    fs.copyFileSync(path.join(REPO, 'tests', 'fixtures', 'bibliography', 'library.json'), path.join(client.workspace, 'refs.json'));
    const text = 'A wire story said "the market fell sharply for a third day" [@doe2020].\n';
    const other = await client.open('other.md', text);
    const before = client.statuses.length;
    await client.updateSettings({ bibliography: ['refs.json'] });
    await client.waitForStatus(before, (s) => !s.indexing, 'the reindex after the setting changed');
    const diagnostics = await client.waitForDiagnostics(other, (d) => codesOf(d).includes('no-full-text'), { description: 'no-full-text for @doe2020' });
    assert.deepEqual(codesOf(diagnostics), ['no-full-text']);
    const card = markdownOf(await client.request('textDocument/hover', { textDocument: { uri: other }, position: positionOf(text, '@doe2020', 2) }));
    assert.match(card, /\*\*Doe, J\., & Reuters Staff \(2020\)\.\*\* A CSL-JSON Item\. \*The Daily\*, pp\. 4–5\./);
  });
});

describe('the bibliography the initialization settings name, read before the client answers for its settings (issue 24)', () => {
  const files = { 'early.bib': '@article{earlykey2020, title = {Named at initialize}}\n', 'answered.bib': '@article{answeredkey2021, title = {Named in the answer}}\n' };

  /** Completions from right after `initialize` until `wanted` is offered; every key offered on the way. */
  async function keysUntil(client: LspTestClient, wanted: string): Promise<Set<string>> {
    const text = 'Cited [@';
    const uri = await client.open('draft.md', text);
    const offered = new Set<string>();
    for (let tries = 0; !offered.has(wanted); tries++) {
      assert.ok(tries < 2_000, `@${wanted} was never offered (offered: ${[...offered].join(', ')})`);
      const result = await client.request<CompletionList | CompletionItem[] | null>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: text.length } });
      for (const item of result === null ? [] : itemsOf(result)) offered.add(item.label);
      if (!offered.has(wanted)) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return offered;
  }

  test('the same bibliography in the answer: its keys complete', TEST, async () => {
    const client = await LspTestClient.start({ copySeeds: false, files, settings: { bibliography: ['early.bib'] } });
    try {
      await keysUntil(client, 'earlykey2020');
    } finally {
      await client.stop();
    }
  });

  test('another bibliography in the answer: the one named at initialize is never offered', TEST, async () => {
    const client = await LspTestClient.start({ copySeeds: false, files, settings: { bibliography: ['early.bib'] }, folderSettings: { '': { bibliography: ['answered.bib'] } } });
    try {
      const offered = await keysUntil(client, 'answeredkey2021');
      assert.equal(offered.has('earlykey2020'), false, 'a key only the initialization settings named');
      const citables = await client.request<CitableSummary[]>('verbatim/citables', {});
      const keys = citables.map((c) => c.key);
      assert.ok(keys.includes('answeredkey2021') && !keys.includes('earlykey2020'), keys.join(', '));
    } finally {
      await client.stop();
    }
  });
});
