import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pageIndexAt, pageLabelsOf, pagesFromFormFeeds } from '../../server/src/core/library/pages';
import { createSource } from '../../server/src/core/library/source';

test('form feeds split a text into pages counted from 1; a trailing form feed starts no page', () => {
  const text = 'First page words.\fSecond page words.\fThird page.\f\n';
  const pages = pagesFromFormFeeds(text)!;
  assert.deepEqual(pages.labels, ['1', '2', '3']);
  assert.deepEqual(pages.starts, [0, text.indexOf('Second'), text.indexOf('Third')]);
  assert.equal(pageIndexAt(pages, text.indexOf('page words.')), 0);
  assert.equal(pageIndexAt(pages, text.indexOf('Third')), 2);
  assert.deepEqual(pageLabelsOf(pages, text.indexOf('words.'), text.indexOf('Second') + 6), ['1', '2']);
  assert.equal(pagesFromFormFeeds('one page only\n'), undefined);
});

test('a text source with form feeds has pages after its front matter; one without has none', () => {
  const text = '---\ntitle: Paged\n---\nOne.\fTwo.\n';
  const source = createSource({ uri: 'file:///p.txt', path: 'p.txt', text, fallbackKey: 'p' });
  assert.equal(source.format, 'text');
  assert.deepEqual(source.pages, { starts: [source.bodyStart, text.indexOf('Two')], labels: ['1', '2'] });
  assert.equal(createSource({ uri: 'file:///q.txt', path: 'q.txt', text: 'No pages here.', fallbackKey: 'q' }).pages, undefined);
});

test('an extracted text takes its reader\'s fields, pages and format, and reads no front matter', () => {
  const text = '---\nid: not-front-matter\n---\nBody of a page.';
  const source = createSource({
    uri: 'file:///a.pdf',
    path: 'a.pdf',
    text,
    fallbackKey: 'a',
    extracted: { format: 'pdf', fields: { title: 'A Report', author: 'Ann Smith' }, pages: { starts: [0], labels: ['12'] } },
  });
  assert.equal(source.key, 'a');
  assert.equal(source.bodyStart, 0);
  assert.equal(source.format, 'pdf');
  assert.equal(source.meta.title, 'A Report');
  assert.equal(source.meta.author, 'Ann Smith');
  assert.deepEqual(source.pages?.labels, ['12']);
});
