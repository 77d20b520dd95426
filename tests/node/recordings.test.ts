import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { recordingOf } from '../../server/src/library/recordings';
import { temporaryFolder } from '../helpers';

// A transcript's recording is a media file of its name beside it (SPEC §1), found on disk when asked.

function folder(files: readonly string[]): string {
  const root = temporaryFolder('verbatim-recordings-');
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), '');
  }
  return root;
}

const uri = (root: string, file: string): string => pathToFileURL(path.join(root, file)).href;

test('the media file of the same name beside a transcript is its recording; another name or folder is not', () => {
  const root = folder(['council.vtt', 'council.ogg', 'council-captions.srt', 'council-captions.txt', 'other/hearing.json', 'hearing.mp3']);
  try {
    assert.equal(recordingOf(uri(root, 'council.vtt')), uri(root, 'council.ogg'));
    assert.equal(recordingOf(uri(root, 'council-captions.srt')), undefined);
    assert.equal(recordingOf(uri(root, 'other/hearing.json')), undefined);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("names with spaces, other characters and a recorder's capitals, and SPEC §1's order of extensions when there are several", () => {
  const root = folder(['Town hall, 4 April #2.txt', 'Town hall, 4 April #2.wav', 'Town hall, 4 April #2.webm', 'Ünïcode.vtt', 'Ünïcode.m4a', 'ZOOM0001.srt', 'ZOOM0001.WAV']);
  try {
    // A recorder's capitals.
    assert.equal(recordingOf(uri(root, 'ZOOM0001.srt')), uri(root, 'ZOOM0001.WAV'));
    assert.equal(recordingOf(uri(root, 'Town hall, 4 April #2.txt')), uri(root, 'Town hall, 4 April #2.wav'));
    assert.equal(recordingOf(uri(root, 'Ünïcode.vtt')), uri(root, 'Ünïcode.m4a'));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a folder of the name is no recording, and a source that is no file has none', () => {
  const root = folder(['speech.vtt', 'speech.mp3/inside.txt']);
  try {
    assert.equal(recordingOf(uri(root, 'speech.vtt')), undefined);
    assert.equal(recordingOf('verbatim-archive:/articles/speech'), undefined);
    assert.equal(recordingOf('untitled:Untitled-1'), undefined);
    assert.equal(recordingOf(uri(root, 'missing.vtt')), undefined);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
