/// <reference path="./webvttParser.d.ts" />
import { WebVTTParser, type WebVTTNode } from 'webvtt-parser';
import entities from 'webvtt-parser/html-entities.json';
import { decodeSourceBytes } from '../core/library/source';
import type { SourceReader } from './sourceReader';
import { assembleTranscript, leadingLabel, readSpeakerMapping, type TranscriptCue } from './transcriptText';
import { timingLines } from './cueTimings';

let parser: InstanceType<typeof WebVTTParser> | undefined;

/**
 * WebVTT captions (`.vtt`) read with the W3C's own parser (webvtt-parser): each cue's time, its words
 * (tags left out, entities decoded) and its speaker from a `<v Name>` voice span, else a leading
 * `NAME:` or `[NAME]`. NOTE and STYLE blocks are not text; a NOTE may map diarization labels to names
 * (`speakers: {SPEAKER_00: Ana Petrosyan}`).
 */
export const vttReader: SourceReader = {
  format: 'vtt',
  extensions: ['.vtt'],
  read(bytes, limits) {
    const decoded = decodeSourceBytes(bytes, limits);
    if ('reason' in decoded) return decoded;
    const file = decoded.text.replace(/^\uFEFF/, '');
    parser ??= new WebVTTParser(entities);
    if (!/^WEBVTT(?:[ \t]|\r?\n|$)/.test(file)) return { reason: 'not WebVTT (the file does not start with "WEBVTT")' };
    const tree = parser.parse(file, 'metadata');
    if (tree.cues.length === 0) return { reason: 'a WebVTT file with no cues' };
    const timings = timingLines(file);
    const cues: TranscriptCue[] = [];
    let next = 0;
    for (const cue of tree.cues) {
      // The parser keeps no positions: the cue's timing line is the next one with its start time.
      while (next < timings.length && Math.abs(timings[next]!.start - cue.startTime) > 0.0005) next++;
      const timing = timings[next];
      const line = timing ? timing.line + 1 : 0;
      if (timing) next++;
      for (const voice of voices(cue.tree.children)) {
        const labelled = voice.label === undefined ? leadingLabel(voice.text) : undefined;
        const text = labelled ? voice.text.slice(labelled.skip) : voice.text;
        const label = voice.label ?? labelled?.label;
        cues.push({ start: cue.startTime, end: cue.endTime, ...(label !== undefined ? { label } : {}), text, line, character: labelled?.skip ?? 0 });
      }
    }
    const header = /^WEBVTT[ \t]+-?[ \t]*(.+)/.exec(file);
    const parts = assembleTranscript(cues, readSpeakerMapping(noteText(file)));
    const fields = header?.[1]?.trim() ? { title: header[1].trim() } : undefined;
    // A cue whose timing the parser refused is left out with its words: say so, with the first reason.
    const lost = timings.length - tree.cues.length;
    const error = tree.errors.find((e) => /second|minute|hour|timestamp|-->/i.test(e.message)) ?? tree.errors[0];
    const warnings = lost > 0 ? [`${lost} ${lost === 1 ? 'cue' : 'cues'} left out: a timing WebVTT does not allow (line ${error?.line ?? 0}: ${error?.message ?? 'unreadable'})`] : [];
    return {
      text: parts.text,
      extracted: { format: 'vtt', ...(fields ? { fields } : {}), origin: parts.origin, cues: parts.cues, ...(warnings.length > 0 ? { warnings } : {}) },
    };
  },
};

/** A cue's words grouped by voice span: one group per `<v>` span, text outside spans in its own. */
function voices(nodes: readonly WebVTTNode[]): Array<{ label?: string; text: string }> {
  const groups: Array<{ label?: string; text: string }> = [];
  let loose = '';
  for (const node of nodes) {
    if (node.type === 'object' && node.name === 'v') {
      if (loose.trim() !== '') groups.push({ text: loose });
      loose = '';
      groups.push({ label: (node.value ?? '').trim(), text: flatText(node.children ?? []) });
    } else {
      loose += flatText([node]);
    }
  }
  if (loose.trim() !== '' || groups.length === 0) groups.push({ text: loose });
  return groups;
}

function flatText(nodes: readonly WebVTTNode[]): string {
  return nodes.map((node) => (node.type === 'text' ? (node.value ?? '') : node.type === 'object' ? flatText(node.children ?? []) : '')).join('');
}

/** The bodies of the file's NOTE blocks, one after another (where a speaker mapping may be). */
function noteText(file: string): string {
  const notes: string[] = [];
  for (const block of file.split(/\r?\n(?:[ \t]*\r?\n)+/)) {
    const note = /^NOTE(?:[ \t]+|\r?\n)([\s\S]*)$/.exec(block);
    if (note && /^\s*speakers\s*:/m.test(note[1]!)) notes.push(note[1]!.slice(note[1]!.search(/^\s*speakers\s*:/m)));
  }
  return notes.join('\n');
}
