import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { cueSpanOf, type SourceCues } from '../../server/src/core/library/cues';
import { DEFAULT_SOURCE_LIMITS } from '../../server/src/core/library/source';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import { loadLibrary } from '../../server/src/library/libraryOpener';
import { isReadFailure, type ReadSource } from '../../server/src/readers/sourceReader';
import { readerFor } from '../../server/src/readers/sourceReaders';
import { leadingLabel } from '../../server/src/readers/transcriptText';
import { sourceRange } from '../../server/src/service/sourceLocations';
import { temporaryFolder } from '../helpers';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'transcripts');

function read(name: string, text = fs.readFileSync(path.join(FIXTURES, name), 'utf8')): ReadSource {
  const result = readerFor(name)!.read(new TextEncoder().encode(text), DEFAULT_SOURCE_LIMITS);
  assert.ok(!(result instanceof Promise) && !isReadFailure(result), `${name} was not read: ${JSON.stringify(result)}`);
  return result as ReadSource;
}

/** Who speaks the words `phrase` and when, as the transcript's cues say. */
function whoAndWhen(source: ReadSource, phrase: string): { speakers: readonly string[]; start: number; end: number } {
  const at = source.text.indexOf(phrase);
  assert.ok(at >= 0, `"${phrase}" is not in the text:\n${source.text}`);
  const span = cueSpanOf(source.extracted!.cues!, at, at + phrase.length)!;
  return { speakers: span.speakers, start: span.start, end: span.end };
}

test('WebVTT: voice spans name speakers, NOTE and STYLE are no text, a NOTE maps diarization labels', () => {
  const source = read('harbour.vtt');
  assert.equal(source.extracted!.format, 'vtt');
  assert.equal(source.extracted!.fields?.['title'], 'Harbour council, 4 April');
  assert.doesNotMatch(source.text, /closed for good|color|speakers|-->|SPEAKER/);
  assert.deepEqual(whoAndWhen(source, 'reopen on Monday'), { speakers: ['Mara Quint'], start: 1, end: 6.5 });
  // A cue without a voice continues the last speaker.
  assert.deepEqual(whoAndWhen(source, 'at least six weeks').speakers, ['Mara Quint']);
  assert.deepEqual(whoAndWhen(source, 'nobody was hurt'), { speakers: ['Ewan Dorsey'], start: 751, end: 756.2 });
  assert.deepEqual(whoAndWhen(source, 'new lights').speakers, ['Ewan Dorsey']);
  // SPEAKER_02 is mapped to nobody: the cue names no one.
  assert.deepEqual(whoAndWhen(source, 'asked the fishermen').speakers, []);
});

test('a WebVTT cue with a timing the format does not allow is left out, and the source says so', () => {
  const source = read('bad.vtt', 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nFirst words here.\n\n00:00:02.000 --> 00:00:60.000\nLost words here.\n\n00:00:03.000 --> 00:00:04.000\nLast words here.\n');
  assert.match(source.text, /First words here\.\nLast words here\./);
  assert.match(source.extracted!.warnings?.[0] ?? '', /^1 cue left out: a timing WebVTT does not allow \(line 6: /);
});

test('SubRip: NAME: and [NAME] prefixes name speakers and are no text; annotations are not labels', () => {
  const source = read('harbour.srt');
  assert.equal(source.extracted!.format, 'srt');
  assert.doesNotMatch(source.text, /MARA|EWAN|-->|^\d+$/m);
  assert.deepEqual(whoAndWhen(source, 'reopen on Monday'), { speakers: ['MARA QUINT'], start: 1, end: 6.5 });
  assert.deepEqual(whoAndWhen(source, 'six weeks').speakers, ['MARA QUINT']);
  assert.deepEqual(whoAndWhen(source, 'nobody was hurt').speakers, ['EWAN DORSEY']);
  assert.match(source.text, /\[inaudible\] And we want new lights/);
  assert.deepEqual(whoAndWhen(source, 'new lights').speakers, ['EWAN DORSEY']);
  assert.deepEqual(leadingLabel('[LAUGHTER] so'), undefined);
  assert.deepEqual(leadingLabel('>> So we went home.'), { label: '', skip: 3 });
  assert.equal(leadingLabel('>> SENATOR KLOBUCHAR: Thank you.')?.label, 'SENATOR KLOBUCHAR');
  assert.equal(leadingLabel('It was 10:30: late.'), undefined);
});

test('Whisper JSON: segments with times, speakers mapped by a top-level "speakers"; other JSON is refused', () => {
  const source = read('harbour.json');
  assert.equal(source.extracted!.format, 'whisper');
  assert.deepEqual(whoAndWhen(source, 'reopen on Monday'), { speakers: ['Mara Quint'], start: 1, end: 6.5 });
  assert.deepEqual(whoAndWhen(source, 'six weeks').speakers, ['Mara Quint']);
  // SPEAKER_01 has no name: nobody.
  assert.deepEqual(whoAndWhen(source, 'nobody was hurt'), { speakers: [], start: 751, end: 756.2 });
  const bibliography = readerFor('library.json')!.read(new TextEncoder().encode('[{"id": "a", "title": "T"}]'), DEFAULT_SOURCE_LIMITS);
  assert.ok(!(bibliography instanceof Promise) && isReadFailure(bibliography));
  assert.match(bibliography.reason, /not a transcript/);
});

test('plain-text exports of Otter, Rev, Descript and Trint are transcripts; an article with times is not', () => {
  for (const name of ['harbour-otter.txt', 'harbour-rev.md', 'harbour-descript.txt', 'harbour-trint.txt']) {
    const source = read(name);
    assert.equal(source.extracted?.format, 'transcript', name);
    assert.doesNotMatch(source.text, /00:|0:01|Mara Quint|Speaker 2/, name);
    assert.deepEqual(whoAndWhen(source, 'reopen on Monday').speakers, ['Mara Quint'], name);
    const hurt = whoAndWhen(source, 'nobody was hurt');
    assert.deepEqual([hurt.speakers, hurt.start], [['Ewan Dorsey'], 751], name);
  }
  assert.equal(read('harbour-rev.md').extracted!.fields?.['id'], 'harbour-rev');
  assert.deepEqual(whoAndWhen(read('harbour-otter.txt'), 'asked the fishermen').speakers, []);
  const article = read('article.txt', 'Council meets\n\nAt 10:30 the council met. At 11:45 it rose.\n\nThe mayor spoke: 12:00 was late.\n');
  assert.equal(article.extracted, undefined);
  // Rev writes a long turn's later times on lines of their own: new cues of the same speaker, no text.
  const rev = read('rev.txt', 'Speaker 1 (00:07):\nWelcome to the show.\n(00:30):\nWe talk about the harbour.\nMara Quint (00:51):\nThank you.\n');
  assert.doesNotMatch(rev.text, /00:30/);
  assert.deepEqual(whoAndWhen(rev, 'the harbour'), { speakers: [], start: 30, end: 51 });
  assert.deepEqual(whoAndWhen(rev, 'Thank you').speakers, ['Mara Quint']);
  const forced = read('forced.md');
  assert.equal(forced.extracted?.format, 'transcript');
  assert.deepEqual(whoAndWhen(forced, 'close the border').speakers, ['Ana Petrosyan']);
});

test('a transcript word maps back to its line in the file', () => {
  for (const name of ['harbour.vtt', 'harbour.srt', 'harbour.json', 'harbour-otter.txt', 'harbour-descript.txt']) {
    const file = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
    const source = read(name, file);
    const at = source.text.indexOf('nobody was hurt');
    const range = sourceRange({ source: { ...source, key: 'k', uri: 'file:///k', path: name, bodyStart: 0, meta: {} as never, wordCount: 0, warnings: [], format: source.extracted!.format, origin: source.extracted!.origin! } } as never, at, at + 15);
    assert.equal(range.start.line, new LineIndex(file).positionAt(file.indexOf('nobody was hurt')).line, name);
  }
});

test('the index file keeps cues, times and speakers, as it keeps pages', async () => {
  const root = temporaryFolder('verbatim-transcripts-');
  try {
    const sources = path.join(root, 'sources');
    fs.mkdirSync(sources);
    for (const name of fs.readdirSync(FIXTURES)) fs.copyFileSync(path.join(FIXTURES, name), path.join(sources, name));
    const cacheDir = path.join(root, 'cache');
    const first = await loadLibrary([sources], { cacheDir, base: root });
    const second = await loadLibrary([sources], { cacheDir, base: root });
    assert.equal(second.fromCache, fs.readdirSync(FIXTURES).length);
    const cuesOf = (library: typeof first.library): Record<string, SourceCues | undefined> =>
      Object.fromEntries(library.sources().map((entry) => [entry.source.key, entry.source.cues]));
    assert.deepEqual(cuesOf(second.library), cuesOf(first.library));
    assert.deepEqual(second.library.sources().filter((entry) => entry.source.cues === undefined).map((entry) => entry.source.path), []);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
