/** A cue timing line of a caption file (`00:01:02.500 --> 00:01:05.000`): its 0-based line and start. */
export interface TimingLine {
  readonly line: number;
  readonly start: number;
}

const TIMING = /^\s*((?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)\s*-->/;

/** Every cue timing line of a WebVTT or SubRip file, in order. */
export function timingLines(file: string): TimingLine[] {
  const found: TimingLine[] = [];
  let line = 0;
  for (let at = 0; at <= file.length; line++) {
    let end = file.indexOf('\n', at);
    if (end < 0) end = file.length;
    const timing = TIMING.exec(file.slice(at, end));
    if (timing) found.push({ line, start: clockSeconds(timing[1]!) });
    at = end + 1;
  }
  return found;
}

/** `1:02:03.5`, `02:03,500` or `2:03` in seconds. */
export function clockSeconds(clock: string): number {
  const [whole, fraction] = clock.split(/[.,]/);
  const seconds = whole!.split(':').reduce((total, field) => total * 60 + Number(field), 0);
  return fraction === undefined ? seconds : seconds + Number(fraction) / 10 ** fraction.length;
}
