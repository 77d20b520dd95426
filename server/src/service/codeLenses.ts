import type { CodeLens } from 'vscode-languageserver-types';
import { PLAY_RECORDING_COMMAND, type PlayRecordingArguments } from '../../../protocol/src/commands';
import type { QuotationModel } from './quotationModel';

/**
 * "Listen to the quote" (SPEC §6, Transcripts): a code lens `▶ 12:31` on each quote whose words were
 * found in a transcript with a recording (whatever the verdict: a misquote or a wrong time is what a
 * writer most wants to hear), which runs the client's player from the start of the quote's first cue.
 * `recordingOf` finds the recording beside a source (the host looks on disk; the service does no I/O).
 */
export function getCodeLenses(model: QuotationModel, recordingOf: (sourceUri: string) => string | undefined): CodeLens[] {
  const recordings = new Map<string, string | undefined>();
  const lenses: CodeLens[] = [];
  for (const quote of model.quotes) {
    const passage = quote.passage;
    if (passage?.time === undefined || passage.timeLabel === undefined) continue;
    if (!recordings.has(passage.uri)) recordings.set(passage.uri, recordingOf(passage.uri));
    const recording = recordings.get(passage.uri);
    if (recording === undefined) continue;
    const played: PlayRecordingArguments = {
      recording,
      start: passage.time.start,
      end: passage.time.end,
      label: passage.timeLabel,
      key: passage.key,
      ...(passage.speaker ? { speaker: passage.speaker } : {}),
    };
    lenses.push({
      range: quote.range,
      command: {
        title: `▶ ${passage.timeLabel}`,
        tooltip: `Play the recording of @${passage.key} from ${passage.timeLabel}${passage.speaker ? ` (${passage.speaker})` : ''}`,
        command: PLAY_RECORDING_COMMAND,
        arguments: [played],
      },
    });
  }
  return lenses;
}
