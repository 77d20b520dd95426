import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { PLAY_RECORDING_COMMAND, type PlayRecordingArguments } from '../../protocol/src/commands';

/** The player panel's view type (also how a test or a serializer finds it). */
export const RECORDING_PLAYER_VIEW = 'verbatim.recordingPlayer';

/**
 * "Listen to the quote": a small webview panel beside the draft with an `<audio>` element on a
 * transcript's recording, started at the quote's time. The server's code lens `▶ 12:31` runs
 * `verbatim.playRecording` with the recording and the cue times. One panel is reused; the webview may
 * load only the recording's folder, and its content security policy allows that media, its own style
 * and its one script, nothing else.
 */
export class RecordingPlayer implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly command: vscode.Disposable;

  constructor() {
    this.command = vscode.commands.registerCommand(PLAY_RECORDING_COMMAND, (played?: PlayRecordingArguments) => this.play(played));
  }

  /** Shows the player on `played.recording`, from `played.start`. */
  play(played: PlayRecordingArguments | undefined): void {
    if (!isPlayRecordingArguments(played)) {
      void vscode.window.showInformationMessage('Verbatim: run ▶ above a quote of a transcript that has a recording to play it.');
      return;
    }
    const recording = vscode.Uri.parse(played.recording);
    const folder = vscode.Uri.joinPath(recording, '..');
    const title = `▶ @${played.key} ${played.label}`;
    if (this.panel === undefined) {
      this.panel = vscode.window.createWebviewPanel(
        RECORDING_PLAYER_VIEW,
        title,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        // Kept while hidden: opening the transcript in the player's column must not stop the recording.
        { enableScripts: true, localResourceRoots: [folder], retainContextWhenHidden: true },
      );
      this.panel.onDidDispose(() => (this.panel = undefined));
    } else {
      this.panel.title = title;
      this.panel.reveal(undefined, true);
    }
    const webview = this.panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: [folder] };
    webview.html = playerHtml(webview, webview.asWebviewUri(recording), played);
  }

  dispose(): void {
    this.command.dispose();
    this.panel?.dispose();
  }
}

function isPlayRecordingArguments(value: unknown): value is PlayRecordingArguments {
  const o = value as Partial<PlayRecordingArguments> | undefined;
  return typeof o?.recording === 'string' && typeof o.start === 'number' && Number.isFinite(o.start) && typeof o.label === 'string' && typeof o.key === 'string';
}

/** `12:31`, `1:02:03`: a time as transcripts and the code lens write it. */
function clock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const [h, m, s] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60];
  const two = (n: number): string => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The player's page: the recording, seeked to the quote's start once its metadata is known, then
 * played (a webview that may not play unasked stays paused there, and its controls play it).
 */
function playerHtml(webview: vscode.Webview, source: vscode.Uri, played: PlayRecordingArguments): string {
  const nonce = randomBytes(16).toString('base64');
  const end = played.end > played.start ? `–${clock(played.end)}` : '';
  const who = played.speaker ? ` · ${escapeHtml(played.speaker)}` : '';
  const csp = [`default-src 'none'`, `media-src ${webview.cspSource}`, `style-src 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0.5em 1em; }
  audio { width: 100%; margin-top: 0.5em; }
  .problem { color: var(--vscode-errorForeground); }
</style>
</head>
<body>
<p>@${escapeHtml(played.key)}, ${escapeHtml(played.label)}${end}${who}</p>
<audio id="recording" controls preload="auto" src="${escapeHtml(source.toString())}" data-start="${played.start}"></audio>
<p id="problem" class="problem" hidden></p>
<script nonce="${nonce}">
  const audio = document.getElementById('recording');
  const start = Number(audio.dataset.start);
  let started = false;
  audio.addEventListener('loadedmetadata', () => { audio.currentTime = Math.min(start, audio.duration || start); });
  audio.addEventListener('seeked', () => {
    if (started) return;
    started = true;
    audio.play().catch(() => undefined);
  });
  audio.addEventListener('error', () => {
    const problem = document.getElementById('problem');
    problem.textContent = 'This recording cannot be played here (' + (audio.error && audio.error.message || 'unsupported format') + ').';
    problem.hidden = false;
  });
</script>
</body>
</html>
`;
}
