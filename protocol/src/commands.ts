/** Command ids the server runs (workspace/executeCommand) and names in code actions. */

/** Server command that opens a source at a range: arguments `[uri, range?]`. */
export const OPEN_SOURCE_COMMAND = 'verbatim.server.openSource';

/**
 * Server command that applies a quick fix's edit, for clients without code action literals:
 * `[WorkspaceEdit]`. The server sends it with `workspace/applyEdit` where the client declared that,
 * else the command's result is the edit.
 */
export const APPLY_EDIT_COMMAND = 'verbatim.server.applyEdit';

/**
 * Client command that plays a transcript's recording from a quote's time (VS Code's player): the
 * server names it in the code lens `▶ 12:31` only for a client that declared `recordingPlayer`.
 * Arguments: `[PlayRecordingArguments]`.
 */
export const PLAY_RECORDING_COMMAND = 'verbatim.playRecording';

/** What the player needs: the recording, and the time and speaker of the quote's cues. */
export interface PlayRecordingArguments {
  /** The recording's URI (`file:`): the media file beside the transcript (SPEC §1). */
  readonly recording: string;
  /** Start of the quote's first cue and end of its last, seconds from the start of the recording. */
  readonly start: number;
  readonly end: number;
  /** The start as the writer cites it: `12:31`. */
  readonly label: string;
  /** The transcript's citation key. */
  readonly key: string;
  /** Who speaks the quote's cues, when the transcript names somebody. */
  readonly speaker?: string;
}
