/** The part of webvtt-parser (the W3C's WebVTT parser, CC0, no types of its own) that `vttReader` uses. */
declare module 'webvtt-parser' {
  /** A node of a cue's text: text, a tag (`v`, `i`, `b`, `c`…, with its annotation in `value`) or a timestamp. */
  export interface WebVTTNode {
    readonly type: 'text' | 'object' | 'timestamp';
    readonly name?: string;
    readonly value?: string;
    readonly children?: readonly WebVTTNode[];
  }
  export interface WebVTTCue {
    readonly id: string;
    readonly startTime: number;
    readonly endTime: number;
    readonly text: string;
    readonly tree: { readonly children: readonly WebVTTNode[] };
  }
  export class WebVTTParser {
    constructor(entities?: Readonly<Record<string, string>>);
    parse(input: string, mode?: 'metadata' | 'subtitles' | 'captions'): { cues: WebVTTCue[]; errors: Array<{ message: string; line: number }> };
  }
}

declare module 'webvtt-parser/html-entities.json' {
  const entities: Readonly<Record<string, string>>;
  export default entities;
}
