import { parse as parseYaml } from 'yaml';

/** YAML front matter found at the top of a text. */
export interface FrontMatter {
  /** Offset where the body starts (after the closing `---` line); 0 when there is no front matter. */
  readonly bodyStart: number;
  /** Scalar fields as strings; empty when absent or unreadable. */
  readonly fields: Readonly<Record<string, string>>;
  /** Why the front matter could not be read, when it could not. */
  readonly problem?: string;
}

const FENCE = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/** Front matter as YAML data: every field, lists and maps included. */
export interface FrontMatterData {
  readonly bodyStart: number;
  /** The top-level mapping; empty when absent, not a mapping or unreadable. */
  readonly data: Readonly<Record<string, unknown>>;
  readonly problem?: string;
}

/** Reads front matter as data (a draft's `bibliography:` list, inline `references:`); never throws. */
export function readFrontMatterData(text: string): FrontMatterData {
  const body = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const match = FENCE.exec(text.slice(body, body + 64 * 1024));
  if (!match) return { bodyStart: 0, data: {} };
  const bodyStart = body + match[0].length;
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? '');
  } catch (error) {
    return { bodyStart, data: {}, problem: `front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
  const isMapping = data !== null && typeof data === 'object' && !Array.isArray(data);
  return { bodyStart, data: isMapping ? (data as Record<string, unknown>) : {} };
}

/** Reads front matter (`---` … `---` at the very top); never throws. */
export function readFrontMatter(text: string): FrontMatter {
  const { bodyStart, data, problem } = readFrontMatterData(text);
  if (problem !== undefined) return { bodyStart, fields: {}, problem };
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(data)) {
    const scalar = scalarText(value);
    if (scalar !== undefined) fields[name] = scalar;
  }
  return { bodyStart, fields };
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (Array.isArray(value)) {
    const parts = value.map(scalarText).filter((part): part is string => part !== undefined && part !== '');
    return parts.length > 0 ? parts.join(', ') : undefined;
  }
  return undefined;
}
