// Speaks a WebVTT transcript into a recording beside it (`council.vtt` → `council.ogg`), each cue's
// words at its cue's time, so the example interview has a recording whose times are the transcript's.
// Uses Debian's espeak-ng (speech), sox (silence, noise, timing) and opus-tools (Ogg Opus, which
// VS Code's webview and Chromium play): `apt-get install espeak-ng sox opus-tools`.
//
//   node scripts/make-recording.mjs examples/interview/sources/council.vtt
//
// Each speaker gets a voice of its own; `[inaudible]` and `[crosstalk]` become a short burst of
// noise; a cue's speech is sped up if it would overrun the cue, and silence fills the rest, so every
// cue's first word is spoken at its start time (to the millisecond).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RATE = 24_000; // Hz, mono: enough for speech, small once encoded
const VOICES = ['en-gb+f3', 'en-gb-scotland+m3', 'en-us+m5', 'en-gb-x-rp+f4'];
const ANNOTATION = /\[(?:inaudible|crosstalk)\]/gi;

/** The cues of a WebVTT file: start and end in seconds, the speaker (`<v Name>`, else the last one) and the words. */
function readCues(vtt) {
  const cues = [];
  let speaker = '';
  for (const block of vtt.replace(/\r\n?/g, '\n').split(/\n{2,}/)) {
    const lines = block.split('\n');
    const at = lines.findIndex((line) => line.includes('-->'));
    if (at < 0) continue;
    const [start, end] = lines[at].split('-->').map((time) => seconds(time.trim().split(/\s+/)[0]));
    const text = lines.slice(at + 1).join(' ');
    const voice = /<v(?:\.[^\s>]*)?\s+([^>]+)>/.exec(text);
    if (voice) speaker = voice[1].trim();
    cues.push({ start, end, speaker, text: text.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim() });
  }
  return cues;
}

function seconds(time) {
  const parts = time.split(':').map(Number);
  return parts.reduce((total, part) => total * 60 + part, 0);
}

function run(command, args) {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** sox without dither: its default noise would turn the silences between cues into sound to encode. */
function sox(args) {
  return run('sox', ['-D', ...args]);
}

function duration(file) {
  return Number(run('soxi', ['-D', file]));
}

const transcript = process.argv[2];
if (!transcript || !transcript.endsWith('.vtt')) {
  process.stderr.write('usage: node scripts/make-recording.mjs <transcript.vtt>\n');
  process.exit(2);
}
const output = transcript.replace(/\.vtt$/, '.ogg');
const work = mkdtempSync(join(tmpdir(), 'verbatim-recording-'));
try {
  const cues = readCues(readFileSync(transcript, 'utf8'));
  const voices = new Map();
  const pieces = [];
  let time = 0;
  for (const [i, cue] of cues.entries()) {
    if (!voices.has(cue.speaker)) voices.set(cue.speaker, VOICES[voices.size % VOICES.length]);
    if (cue.start < time) throw new Error(`cue ${i + 1} starts at ${cue.start} s, before the previous one ends (${time} s)`);
    if (cue.start > time) {
      const gap = join(work, `gap-${i}.wav`);
      sox(['-n', '-r', String(RATE), '-c', '1', '-b', '16', gap, 'trim', '0', (cue.start - time).toFixed(3)]);
      pieces.push(gap);
    }
    // The cue's words, phrase by phrase around its annotations.
    const parts = [];
    for (const [j, phrase] of cue.text.split(ANNOTATION).entries()) {
      if (j > 0) {
        const noise = join(work, `noise-${i}-${j}.wav`);
        sox(['-n', '-r', String(RATE), '-c', '1', '-b', '16', noise, 'synth', '0.4', 'brownnoise', 'vol', '0.05']);
        parts.push(noise);
      }
      if (phrase.trim() === '') continue;
      const spoken = join(work, `spoken-${i}-${j}.wav`);
      run('espeak-ng', ['-v', voices.get(cue.speaker), '-s', '165', '-w', spoken, phrase.trim()]);
      const resampled = join(work, `cue-${i}-${j}.wav`);
      sox([spoken, '-r', String(RATE), resampled]); // espeak-ng speaks at 22,050 Hz
      parts.push(resampled);
    }
    const joined = join(work, `joined-${i}.wav`);
    sox([...parts, '-r', String(RATE), '-c', '1', '-b', '16', joined]);
    // Fit the cue: sped up when it would overrun (keeping 0.2 s of breath), then padded to its length.
    const length = cue.end - cue.start;
    const speech = duration(joined);
    const fitted = join(work, `cue-${i}.wav`);
    const tempo = speech > length - 0.2 ? ['tempo', '-s', ((speech + 0.05) / (length - 0.2)).toFixed(3)] : [];
    sox([joined, fitted, ...tempo, 'pad', '0', String(length), 'trim', '0', length.toFixed(3)]);
    pieces.push(fitted);
    time = cue.end;
  }
  const whole = join(work, 'whole.wav');
  sox([...pieces, whole]);
  // Speech at 16 kbit/s; with discontinuous transmission (DTX, libopus's ctl 4016) and 60 ms
  // frames the long silences between cues cost next to nothing (92 KB for 12 minutes, not 720 KB).
  run('opusenc', ['--quiet', '--bitrate', '16', '--framesize', '60', '--set-ctl-int', '4016=1', '--comp', '10', '--title', `Spoken from ${transcript.split('/').pop()} by espeak-ng`, whole, output]);
  process.stdout.write(`${output}: ${cues.length} cues, ${duration(whole).toFixed(3)} s, ${voices.size} voices\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
