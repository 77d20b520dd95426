import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Location, Position, Range } from 'vscode-languageserver-protocol/node';
import { PageTextRequest } from '../../protocol/src/messages';
import { PAGE_SCHEME, parsePageDocumentUri } from '../../protocol/src/uriSchemes';
import { REPO } from '../helpers';
import { writePdf } from '../pdfWriter';
import { codesOf, LspTestClient, messageOf } from './lspClient';

// The built server over stdio with a library of the samples of examples/library/: a PDF whose
// pages are labelled 12–15 and a saved HTML page (see makeSamples.ts).

const TEST = { timeout: 30_000 };
const SAMPLES = path.join(REPO, 'examples', 'library');
const FILES = {
  'sources/karabakh-report.pdf': fs.readFileSync(path.join(SAMPLES, 'karabakh-report.pdf')),
  'sources/artsakh-rally.html': fs.readFileSync(path.join(SAMPLES, 'artsakh-rally.html')),
};

const MISQUOTE = 'Russia deployed 3,000 peacekeeping troops in Karabakh'; // p. 12 says 2,000
const ON_PAGE_12 = 'It was one of the biggest rallies ever held in Karabakh';
const HTML_QUOTE = 'Any statement of compromise made on behalf of the people of Artsakh is rejected';

function positionOf(text: string, needle: string): Position {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `fixture has no "${needle}"`);
  return TextDocument.create('file:///x.md', 'markdown', 1, text).positionAt(offset + 1);
}

function textAt(text: string, range: Range): string {
  return TextDocument.create('file:///x.md', 'markdown', 1, text).getText(range);
}

describe('language server with a PDF and an HTML page in the library (VS Code: page documents)', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ copySeeds: false, files: FILES, expectSources: 2, initializationOptions: { pageDocuments: true } });
  });
  after(async () => {
    await client?.dispose();
  });

  test('a misquote of a PDF passage, and a quote cited on the wrong page with a fix that rewrites it', TEST, async () => {
    const text = `Moscow sent "${MISQUOTE}" [@karabakh-report, p. 12].\n\nThe paper wrote: "${ON_PAGE_12}" [@karabakh-report, p. 14].\n`;
    const uri = await client.open('drafts/pdf.md', text);
    const diagnostics = await client.waitForDiagnostics(uri, (ds) => codesOf(ds).join() === 'misquote,wrong-page', { description: 'misquote, wrong-page' });
    assert.match(messageOf(diagnostics[0]!), /source says "2,000", not "3,000"/);
    const wrongPage = diagnostics[1]!;
    assert.equal(messageOf(wrongPage), 'wrong page for @karabakh-report: the quote is on p. 12, not p. 14');
    // Related information opens the passage on its page.
    const related = wrongPage.relatedInformation?.[0]?.location;
    assert.ok(related?.uri.startsWith(`${PAGE_SCHEME}:`), related?.uri);

    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: wrongPage.range,
      context: { diagnostics: [wrongPage] },
    });
    const fix = actions.find((a) => a.kind === 'quickfix' && a.title === 'Cite p. 12');
    assert.ok(fix?.edit?.changes?.[uri], `no "Cite p. 12" among: ${actions.map((a) => a.title).join('; ')}`);
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), fix.edit.changes[uri]);
    assert.ok(fixed.includes(`"${ON_PAGE_12}" [@karabakh-report, p. 12]`), fixed);
    const version = await client.change(uri, fixed);
    const afterFix = await client.waitForDiagnostics(uri, (ds) => !codesOf(ds).includes('wrong-page'), { minVersion: version, description: 'no wrong-page' });
    assert.deepEqual(codesOf(afterFix), ['misquote']);

    // The system viewer is offered for the PDF, through window/showDocument with external: true.
    const viewer = actions.find((a) => a.title.startsWith('Open karabakh-report.pdf (p. 12) in the system viewer'));
    assert.ok(viewer?.command, actions.map((a) => a.title).join('; '));
    const shown = client.shownDocuments.length;
    await client.request('workspace/executeCommand', { command: viewer.command.command, arguments: viewer.command.arguments });
    await client.waitFor('showDocument', () => client.shownDocuments.length > shown);
    assert.deepEqual(client.shownDocuments.at(-1), { uri: client.uri('sources/karabakh-report.pdf'), external: true });
  });

  test('go to definition on a PDF quote opens its page as a document with the passage selected', TEST, async () => {
    const text = `"${ON_PAGE_12}" [@karabakh-report, p. 12]\n`;
    const uri = await client.open('drafts/definition.md', text);
    await client.waitForDiagnostics(uri, (ds) => ds.length === 0, { description: 'verbatim' });
    const [location] = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: positionOf(text, 'biggest') });
    assert.ok(location);
    assert.deepEqual(parsePageDocumentUri(location.uri), { source: client.uri('sources/karabakh-report.pdf'), page: 0, label: '12' });
    const page = await client.connection.sendRequest(PageTextRequest, { uri: location.uri });
    assert.ok(page, 'the server serves the page');
    assert.equal(textAt(page.text, location.range), ON_PAGE_12);
    assert.ok(page.text.startsWith('Karabakh Armenians Appeal to Russia'), page.text.slice(0, 80));
    assert.ok(!page.text.includes('Our only intention'), 'only this page: that sentence is on p. 13');
    // VS Code encodes the query differently from the server; both forms name the same page.
    const reencoded = location.uri.replace(/%7B/g, '%7b').replace(/%22/g, '"');
    assert.deepEqual(await client.connection.sendRequest(PageTextRequest, { uri: reencoded }), page);
    assert.equal(await client.connection.sendRequest(PageTextRequest, { uri: `${PAGE_SCHEME}:/gone.pdf?${encodeURIComponent(JSON.stringify({ source: 'file:///gone.pdf', page: 0, label: '1' }))}` }), null);
  });

  test('a PDF added to the folder is extracted after its file event and checked with its pages', TEST, async () => {
    const since = client.statuses.length;
    fs.writeFileSync(
      path.join(client.sourcesFolder, 'minutes.pdf'),
      writePdf({
        labels: [{ start: 0, style: 'D', first: 7 }],
        pages: [
          { lines: [{ x: 40, y: 500, text: 'The council met at noon to discuss the harbour budget.' }] },
          { lines: [{ x: 40, y: 500, text: 'The mayor said the harbour needs new lights before winter.' }] },
        ],
      }),
    );
    await client.fileEvents([{ uri: client.uri('sources/minutes.pdf'), type: 1 }]);
    await client.waitForStatus(since, (s) => s.sources === 3, 'the new PDF in the library');
    const text = '"the harbour needs new lights before winter" [@minutes, p. 7]\n';
    const uri = await client.open('drafts/added.md', text);
    const diagnostics = await client.waitForDiagnostics(uri, (ds) => ds.length > 0, { description: 'wrong-page' });
    assert.deepEqual(diagnostics.map((d) => messageOf(d)), ['wrong page for @minutes: the quote is on p. 8, not p. 7']);
  });

  test('go to definition on a quote of an HTML page lands on its line in the HTML file', TEST, async () => {
    const text = `"${HTML_QUOTE}" [@artsakh-rally]\n`;
    const uri = await client.open('drafts/html.md', text);
    await client.waitForDiagnostics(uri, (ds) => ds.length === 0, { description: 'verbatim' });
    const [location] = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: positionOf(text, 'compromise') });
    assert.equal(location?.uri, pathToFileURL(path.join(client.workspace, 'sources', 'artsakh-rally.html')).href);
    const html = FILES['sources/artsakh-rally.html'].toString('utf8');
    const line = html.split('\n').findIndex((l) => l.includes('&ldquo;Any statement of compromise'));
    assert.ok(line > 0);
    assert.equal(location.range.start.line, line);
    assert.equal(html.split('\n')[line]!.slice(location.range.start.character).startsWith('Any statement'), true);
  });
});

describe('language server for a client without page documents', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ copySeeds: false, files: FILES, expectSources: 2 });
  });
  after(async () => {
    await client?.dispose();
  });

  test('go to definition on a PDF quote gives the PDF file and its page', TEST, async () => {
    const text = `"${ON_PAGE_12}" [@karabakh-report]\n`;
    const uri = await client.open('drafts/other.md', text);
    await client.waitForDiagnostics(uri, (ds) => ds.length === 0, { description: 'verbatim' });
    const [location] = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: positionOf(text, 'biggest') });
    assert.equal(location?.uri, `${client.uri('sources/karabakh-report.pdf')}#page=1`);
  });
});
