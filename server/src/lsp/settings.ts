import type { ServiceSettings } from '../service/serviceContext';

/** The `verbatim` settings section (SPEC section 6). */
export interface VerbatimSettings {
  /** Folders or globs, relative to each workspace folder unless absolute. */
  readonly sources: readonly string[];
  /** Bibliography files (.bib, CSL-JSON, CSL-YAML), relative to each workspace folder unless absolute. */
  readonly bibliography: readonly string[];
  readonly bundledSources: 'auto' | 'always' | 'never';
  readonly minWords: number;
  readonly diagnosticsEnabled: boolean;
}

export const DEFAULT_SETTINGS: VerbatimSettings = {
  sources: ['sources', 'seeds'],
  bibliography: [],
  bundledSources: 'auto',
  minWords: 4,
  diagnosticsEnabled: true,
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
  return {
    sources,
    bibliography,
    bundledSources: bundled === 'always' || bundled === 'never' ? bundled : 'auto',
    minWords: Number.isFinite(minWords) && minWords >= 1 ? Math.floor(minWords) : DEFAULT_SETTINGS.minWords,
    diagnosticsEnabled: typeof enable === 'boolean' ? enable : true,
  };
}

/** The part of the settings the language service applies. */
export function serviceSettings(settings: VerbatimSettings): ServiceSettings {
  return { minWords: settings.minWords, diagnosticsEnabled: settings.diagnosticsEnabled };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
