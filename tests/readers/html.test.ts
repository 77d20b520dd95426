import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import { DEFAULT_SOURCE_LIMITS } from '../../server/src/core/library/source';
import { SourceLibrary } from '../../server/src/core/library/sourceLibrary';
import { loadLibrary } from '../../server/src/library/libraryOpener';
import { readHtml } from '../../server/src/readers/htmlReader';
import { isReadFailure, type ReadSource } from '../../server/src/readers/sourceReader';
import { sourceRange } from '../../server/src/service/sourceLocations';
import { temporaryFolder } from '../helpers';

/** A news page as browsers save it: navigation, an ad, the article over many lines, comments, a footer. */
const PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Harbour Reopens After Storm | The Coastal Courier</title>
  <meta property="og:site_name" content="The Coastal Courier">
  <meta property="article:published_time" content="2023-04-05T08:30:00Z">
  <link rel="canonical" href="https://courier.example/harbour-reopens">
  <script>window.analytics = { track: function () { return "tracking words never quoted"; } };</script>
  <style>.ad { color: red; }</style>
</head>
<body>
  <nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/sports">Sports</a></li><li><a href="/weather">Weather forecast archive</a></li></ul></nav>
  <div class="ad sponsored">Buy discount ferry tickets today with promo code SAIL</div>
  <main>
    <article>
      <h1>Harbour Reopens After Storm</h1>
      <p class="byline">By <a href="/authors/mara">Mara Quint</a></p>
      <p>The harbour master said on Tuesday that the port would reopen to
      fishing boats after the storm had damaged two of its three piers, and
      that repairs to the northern pier would take &ldquo;at least six weeks&rdquo;.</p>
      <p>Fishermen who had waited in the bay for four days welcomed the news. &ldquo;We
      lost a week of catch, but nobody was hurt,&rdquo; said Ewan Dorsey, who has fished
      from the port for thirty years.</p>
      <p>The town council will meet on Friday to decide how the repairs are paid for,
      and whether the southern pier, which was not damaged, needs new lights.</p>
      <p>Engineers from the regional authority inspected the piers on Wednesday and
      found cracks in the concrete of the northern pier that had not been seen before.</p>
    </article>
  </main>
  <section class="comments" id="comments"><h3>Comments</h3>
    <div class="comment"><p>Great reporting, as always! Subscribe for more.</p></div>
  </section>
  <footer>Copyright 2023 The Coastal Courier. All rights reserved. Privacy policy.</footer>
</body>
</html>
`;

function read(html: string): ReadSource {
  const result = readHtml(new TextEncoder().encode(html), DEFAULT_SOURCE_LIMITS);
  assert.ok(!isReadFailure(result), isReadFailure(result) ? result.reason : '');
  return result;
}

test('an HTML page gives its article text, without navigation, ads, comments or footer', () => {
  const { text } = read(PAGE);
  assert.match(text, /The harbour master said on Tuesday that the port would reopen to fishing boats/);
  assert.match(text, /“We lost a week of catch, but nobody was hurt,” said Ewan Dorsey/);
  assert.match(text, /found cracks in the concrete of the northern pier/);
  for (const boilerplate of ['Weather forecast archive', 'promo code', 'Great reporting', 'Copyright', 'tracking words', 'color: red']) {
    assert.ok(!text.includes(boilerplate), `"${boilerplate}" left out`);
  }
  // One paragraph of the page is one paragraph of the text.
  assert.ok(text.includes('six weeks”.\n\nFishermen'), text);
});

test('title, byline, date, site name and URL come from the page', () => {
  const { extracted } = read(PAGE);
  assert.deepEqual(extracted?.fields, {
    title: 'Harbour Reopens After Storm',
    author: 'Mara Quint',
    outlet: 'The Coastal Courier',
    date: '2023-04-05',
    url: 'https://courier.example/harbour-reopens',
  });
  assert.equal(extracted?.format, 'html');
});

test('every article word maps back to its line and column in the HTML file', () => {
  const library = new SourceLibrary();
  const { text, extracted } = read(PAGE);
  const entry = library.addText({ uri: 'file:///page.html', path: 'page.html', text, extracted: extracted! });
  const fileLines = new LineIndex(PAGE);
  for (const phrase of ['fishing boats', 'nobody was hurt', 'thirty years', 'whether the southern pier', 'cracks in the concrete', 'six weeks']) {
    const at = text.indexOf(phrase);
    const range = sourceRange(entry, at, at + phrase.length);
    assert.deepEqual(range.start, fileLines.positionAt(PAGE.indexOf(phrase)), phrase);
  }
});

test('a page with no article is refused with one reason', () => {
  const result = readHtml(new TextEncoder().encode('<html><head><title>Login</title></head><body><form><input name="user"></form></body></html>'), DEFAULT_SOURCE_LIMITS);
  assert.ok(isReadFailure(result));
  assert.match(result.reason, /no article text/);
});

test('a page declared as windows-1252 is decoded by its charset', () => {
  const html = PAGE.replace('charset="utf-8"', 'charset="windows-1252"').replace('Fishermen who', 'Fishermen from Cr\u00e9ac\'h who');
  const bytes = Uint8Array.from(html, (c) => c.charCodeAt(0) & 0xff);
  const result = readHtml(bytes, DEFAULT_SOURCE_LIMITS);
  assert.ok(!isReadFailure(result));
  assert.match(result.text, /Fishermen from Créac'h who/);
});

test('binary data named .html is refused, not parsed', () => {
  const result = readHtml(new Uint8Array([0x3c, 0x68, 0x00, 0x01, 0xff, 0xfe]), DEFAULT_SOURCE_LIMITS);
  assert.ok(isReadFailure(result));
});

test('a login form or a list of links is no article: refused, with how little Readability found', () => {
  const result = readHtml(new TextEncoder().encode('<html><body><h1>Sign in</h1><form>Login <input name="user"> Password <input name="pw"></form></body></html>'), DEFAULT_SOURCE_LIMITS);
  assert.ok(isReadFailure(result));
  assert.match(result.reason, /^no article text found in the page \(Readability found (no words|only \d+ words)\)$/);
});

test('a restart takes the page from the index file, its line map too, without reading it again', async () => {
  const root = temporaryFolder('verbatim-html-cache-');
  const sources = path.join(root, 'sources');
  fs.mkdirSync(sources);
  fs.writeFileSync(path.join(sources, 'harbour.html'), PAGE);
  const cacheDir = path.join(root, 'cache');
  const first = await loadLibrary([sources], { cacheDir, base: root });
  const second = await loadLibrary([sources], { cacheDir, base: root });
  assert.deepEqual([first.read, second.read, second.fromCache], [1, 0, 1]);
  const fileLines = new LineIndex(PAGE);
  for (const { library } of [first, second]) {
    const entry = library.get('harbour')!;
    assert.equal(entry.source.format, 'html');
    assert.equal(entry.source.meta.outlet, 'The Coastal Courier');
    const at = entry.source.text.indexOf('nobody was hurt');
    assert.deepEqual(sourceRange(entry, at, at + 15).start, fileLines.positionAt(PAGE.indexOf('nobody was hurt')));
  }
});

test('a footnote marker is a note mark of its own, in superscript digits, glued to no word; an exponent stays', () => {
  const page = PAGE.replace(
    'found cracks in the concrete of the northern pier that had not been seen before.</p>',
    'found cracks in the concrete.<sup>23</sup>If the northern pier<sup><a href="#fn4">4</a></sup> fails, about 40 km<sup>2</sup> of quays close.</p>',
  );
  const { text, extracted } = read(page);
  assert.match(text, /concrete\.²³ If the northern pier ⁴ fails, about 40 km2 of quays close\./);
  // The file's words map back as the article's do.
  const library = new SourceLibrary();
  const entry = library.addText({ uri: 'file:///page.html', path: 'page.html', text, extracted: extracted! });
  const at = text.indexOf('If the northern');
  assert.deepEqual(sourceRange(entry, at, at + 2).start, new LineIndex(page).positionAt(page.indexOf('If the northern')));
});

test('comments between the pieces of a sentence (React server rendering) do not split it into paragraphs', () => {
  const page = PAGE.replace(
    '</article>',
    '<div class="print-info">A version of this article appears in print on <!-- -->April 6, 2023<!-- -->, on Page <!-- -->A<!-- -->22<!-- --> of the Courier with the headline: <!-- -->Harbour Reopens After Storm</div></article>',
  );
  const { text } = read(page);
  assert.match(text, /A version of this article appears in print on April 6, 2023, on Page A22 of the Courier with the headline: Harbour Reopens After Storm/);
});
