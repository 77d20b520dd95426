/**
 * What a client may send as `initializationOptions` (all optional: any other editor sends none, and
 * the server then reads settings from `workspace/configuration` or `didChangeConfiguration`).
 */
export interface InitializationOptions {
  /** The `verbatim` settings section as the client has it (the server reads any shape). */
  readonly settings?: unknown;
  /** Folder for the index file (VS Code's workspace storage), instead of the user's cache folder. */
  readonly cacheDir?: string;
  /** Workspace trust; only VS Code knows it. Absent: trusted (other editors' settings are the user's own). */
  readonly trusted?: boolean;
  /** The user's own (not the workspace's) `verbatim.sources`, the only folders an untrusted workspace may read outside it. */
  readonly userSources?: readonly string[];
  /** The user's own `verbatim.bibliography`, likewise. */
  readonly userBibliography?: readonly string[];
  /** The user's own `verbatim.archive.url`, the only archive an untrusted workspace may use. */
  readonly userArchiveUrl?: string;
  /** The client serves `verbatim-pdf:` page documents (PDF passages open as their page's text). */
  readonly pageDocuments?: boolean;
  /** The client plays recordings (runs `verbatim.playRecording`): the server offers `▶ 12:31` code lenses on transcript quotes. */
  readonly recordingPlayer?: boolean;
}

/** The options as the server may rely on them: every field checked, wrong types dropped. */
export function readInitializationOptions(raw: unknown): InitializationOptions {
  const o = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const strings = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.filter((e): e is string => typeof e === 'string') : undefined);
  const userSources = strings(o['userSources']);
  const userBibliography = strings(o['userBibliography']);
  return {
    ...(o['settings'] === undefined ? {} : { settings: o['settings'] }),
    ...(typeof o['cacheDir'] === 'string' && o['cacheDir'] !== '' ? { cacheDir: o['cacheDir'] } : {}),
    ...(typeof o['trusted'] === 'boolean' ? { trusted: o['trusted'] } : {}),
    ...(userSources ? { userSources } : {}),
    ...(userBibliography ? { userBibliography } : {}),
    ...(typeof o['userArchiveUrl'] === 'string' ? { userArchiveUrl: o['userArchiveUrl'].trim() } : {}),
    ...(typeof o['pageDocuments'] === 'boolean' ? { pageDocuments: o['pageDocuments'] } : {}),
    ...(typeof o['recordingPlayer'] === 'boolean' ? { recordingPlayer: o['recordingPlayer'] } : {}),
  };
}
