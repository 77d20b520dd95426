import assert from 'node:assert/strict';
import { test } from 'node:test';
import { archiveUrls, describeArchive, isArchiveUrl, shardOf } from '../../server/src/archive/archiveAddress';
import { describeArchiveError } from '../../server/src/archive/archiveConnection';
import { readSettings, trustedArchiveUrl } from '../../server/src/lsp/settings';

test('verbatim.archive.url is read nested or flat, and trimmed', () => {
  assert.equal(readSettings({ archive: { url: ' postgres://a@h/db ' } }).archiveUrl, 'postgres://a@h/db');
  assert.equal(readSettings({ 'archive.url': 'postgres://a@h/db' }).archiveUrl, 'postgres://a@h/db');
  assert.equal(readSettings({ archive: { url: 42 } }).archiveUrl, '');
  assert.equal(readSettings(undefined).archiveUrl, '');
});

test('an untrusted workspace cannot point the server at an archive; the user setting still counts', () => {
  const workspace = readSettings({ archive: { url: 'postgres://evil@203.0.113.9/x' } });
  assert.equal(trustedArchiveUrl(workspace, true, ''), 'postgres://evil@203.0.113.9/x');
  assert.equal(trustedArchiveUrl(workspace, false, ''), '');
  assert.equal(trustedArchiveUrl(workspace, false, 'postgres://me@db.newsroom/archive'), '');
  const user = readSettings({ archive: { url: 'postgres://me@db.newsroom/archive' } });
  assert.equal(trustedArchiveUrl(user, false, 'postgres://me@db.newsroom/archive'), 'postgres://me@db.newsroom/archive');
});

test('archive addresses: shards, validation, and no password ever shown', () => {
  assert.deepEqual(archiveUrls('postgres://a@h1/db  postgres://a@h2/db'), ['postgres://a@h1/db', 'postgres://a@h2/db']);
  assert.deepEqual(archiveUrls(['postgres://a@h1/db,postgres://a@h2/db']), ['postgres://a@h1/db', 'postgres://a@h2/db']);
  assert.equal(isArchiveUrl('postgresql://h/db'), true);
  assert.equal(isArchiveUrl('http://h/db'), false);
  assert.equal(isArchiveUrl('not a url'), false);
  assert.equal(describeArchive('postgres://ann:sekret@db.example:5433/news?sslmode=require'), 'postgres://ann@db.example:5433/news');
  assert.ok(!describeArchiveError(new Error('failed for postgres://ann:sekret@db/x')).includes('sekret'));
  // Every key has one shard, the same for the loader and the readers, and both shards get keys.
  const shards = new Set(Array.from({ length: 50 }, (_, i) => shardOf(`key-${i}`, 2)));
  assert.deepEqual([...shards].sort(), [0, 1]);
  assert.equal(shardOf('smith2020', 8), shardOf('smith2020', 8));
});
