import type { BundledSources } from '../library/sourceFiles';
import type { ReuseSeverity, ServiceSettings } from '../service';

/** The `verbatim` settings section (SPEC section 6). */
export interface VerbatimSettings {
  /** Folders or globs, relative to each workspace folder unless absolute. */
  readonly sources: readonly string[];
  /** Bibliography files (.bib, CSL-JSON, CSL-YAML), relative to each workspace folder unless absolute. */
  readonly bibliography: readonly string[];
  readonly bundledSources: BundledSources;
  readonly minWords: number;
  readonly diagnosticsEnabled: boolean;
  /** `archive.url`: a PostgreSQL archive (shard URLs separated by spaces), or '' for none. */
  readonly archiveUrl: string;
  readonly inlayHintsEnabled: boolean;
  /** `reuse.enable`, `reuse.minWords`, `reuse.severity`: the unquoted-reuse check. */
  readonly reuseEnabled: boolean;
  readonly reuseMinWords: number;
  readonly reuseSeverity: ReuseSeverity;
  /** `transcripts.ignoreFillers`: fillers, false starts and annotations of a transcript may be left out of a quote. */
  readonly ignoreFillers: boolean;
  /** `transcripts.codeLens`: `▶ 12:31` above quotes of a transcript with a recording (clients that play recordings). */
  readonly transcriptCodeLens: boolean;
}

export const DEFAULT_SETTINGS: VerbatimSettings = {
  sources: ['sources', 'seeds'],
  bibliography: [],
  bundledSources: 'auto',
  minWords: 4,
  diagnosticsEnabled: true,
  archiveUrl: '',
  inlayHintsEnabled: true,
  reuseEnabled: true,
  reuseMinWords: 10,
  reuseSeverity: 'information',
  ignoreFillers: true,
  transcriptCodeLens: true,
};

/** Reads the settings a client sent (any shape) into typed settings, defaults for what is missing or wrong. */
export function readSettings(raw: unknown): VerbatimSettings {
  const section = isObject(raw) ? raw : {};
  const sources = Array.isArray(section['sources'])
    ? section['sources'].filter((s): s is string => typeof s === 'string' && s.trim() !== '')
    : typeof section['sources'] === 'string'
      ? [section['sources']]
      : DEFAULT_SETTINGS.sources;
  const bibliography = Array.isArray(section['bibliography'])
    ? section['bibliography'].filter((s): s is string => typeof s === 'string' && s.trim() !== '')
    : typeof section['bibliography'] === 'string' && section['bibliography'].trim() !== ''
      ? [section['bibliography']]
      : [];
  const bundled = section['bundledSources'];
  const quotes = isObject(section['quotes']) ? section['quotes'] : {};
  const diagnostics = isObject(section['diagnostics']) ? section['diagnostics'] : {};
  const minWords = Number(quotes['minWords'] ?? section['quotes.minWords']);
  const enable = diagnostics['enable'] ?? section['diagnostics.enable'];
  const archive = isObject(section['archive']) ? section['archive'] : {};
  const archiveUrl = archive['url'] ?? section['archive.url'];
  const inlayHints = isObject(section['inlayHints']) ? section['inlayHints'] : {};
  const hints = inlayHints['enable'] ?? section['inlayHints.enable'];
  const reuse = isObject(section['reuse']) ? section['reuse'] : {};
  const reuseEnable = reuse['enable'] ?? section['reuse.enable'];
  const reuseMinWords = Number(reuse['minWords'] ?? section['reuse.minWords']);
  const reuseSeverity = reuse['severity'] ?? section['reuse.severity'];
  const transcripts = isObject(section['transcripts']) ? section['transcripts'] : {};
  const fillers = transcripts['ignoreFillers'] ?? section['transcripts.ignoreFillers'];
  const codeLens = transcripts['codeLens'] ?? section['transcripts.codeLens'];
  return {
    sources,
    bibliography,
    bundledSources: bundled === 'always' || bundled === 'never' ? bundled : 'auto',
    minWords: Number.isFinite(minWords) && minWords >= 1 ? Math.floor(minWords) : DEFAULT_SETTINGS.minWords,
    diagnosticsEnabled: typeof enable === 'boolean' ? enable : true,
    archiveUrl: typeof archiveUrl === 'string' ? archiveUrl.trim() : '',
    inlayHintsEnabled: typeof hints === 'boolean' ? hints : true,
    reuseEnabled: typeof reuseEnable === 'boolean' ? reuseEnable : DEFAULT_SETTINGS.reuseEnabled,
    reuseMinWords: Number.isFinite(reuseMinWords) && reuseMinWords >= 2 ? Math.floor(reuseMinWords) : DEFAULT_SETTINGS.reuseMinWords,
    reuseSeverity: SEVERITIES.find((s) => s === reuseSeverity) ?? DEFAULT_SETTINGS.reuseSeverity,
    ignoreFillers: typeof fillers === 'boolean' ? fillers : true,
    transcriptCodeLens: typeof codeLens === 'boolean' ? codeLens : true,
  };
}

/**
 * The archive the server may use: an untrusted workspace's own settings may not point it anywhere,
 * so there only the user's own `verbatim.archive.url` (sent by the client) counts.
 */
export function trustedArchiveUrl(settings: VerbatimSettings, trusted: boolean, userArchiveUrl: string): string {
  return trusted || settings.archiveUrl === userArchiveUrl ? settings.archiveUrl : '';
}

/** The part of the settings the language service applies. */
export function serviceSettings(settings: VerbatimSettings): ServiceSettings {
  return {
    minWords: settings.minWords,
    diagnosticsEnabled: settings.diagnosticsEnabled,
    inlayHintsEnabled: settings.inlayHintsEnabled,
    reuseEnabled: settings.reuseEnabled,
    reuseMinWords: settings.reuseMinWords,
    reuseSeverity: settings.reuseSeverity,
    ignoreFillers: settings.ignoreFillers,
    transcriptCodeLens: settings.transcriptCodeLens,
  };
}

const SEVERITIES: readonly ReuseSeverity[] = ['error', 'warning', 'information', 'hint'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
