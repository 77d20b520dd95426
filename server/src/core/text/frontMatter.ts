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
  const body = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (text.startsWith('---', body)) {
    const match = FENCE.exec(text.slice(body, body + 64 * 1024));
    const simple = match ? simpleFields(match[1] ?? '') : undefined;
    if (simple !== undefined) return { bodyStart: body + match![0].length, fields: simple };
  }
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

const SIMPLE_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):[ ]+([^\x00-\x1f\x7f]*?)[ ]*$/;
const YAML_WORDS = /^(?:true|false|null)$/i;

/**
 * The fields of front matter made only of `key: value` lines whose values every YAML parser reads
 * alike: a double-quoted string without escapes, a single-quoted one without quotes inside, a whole
 * number, or plain text that starts with a letter and that no YAML type claims (not true, false or
 * null; no `: ` or ` #` inside). Articles' front matter is mostly that, and parsing it with the YAML
 * library was 15 % of indexing a library. Anything else (lists, comments, escapes, duplicate keys,
 * tabs): undefined, and the YAML library reads it.
 */
function simpleFields(yaml: string): Record<string, string> | undefined {
  const fields: Record<string, string> = {};
  let from = 0;
  while (from <= yaml.length) {
    let to = yaml.indexOf('\n', from);
    if (to < 0) to = yaml.length;
    const line = yaml.charCodeAt(to - 1) === 13 ? yaml.slice(from, to - 1) : yaml.slice(from, to);
    from = to + 1;
    const match = SIMPLE_LINE.exec(line);
    if (match === null) return undefined;
    const key = match[1]!;
    const value = match[2]!;
    if (Object.hasOwn(fields, key) || YAML_WORDS.test(key)) return undefined;
    const first = value.charCodeAt(0);
    const last = value.charCodeAt(value.length - 1);
    let text: string;
    if (value.length >= 2 && first === 34 && last === 34 && !/["\\]/.test(value.slice(1, -1))) text = value.slice(1, -1);
    else if (value.length >= 2 && first === 39 && last === 39 && !value.slice(1, -1).includes("'")) text = value.slice(1, -1);
    else if (/^(?:0|[1-9][0-9]{0,14})$/.test(value)) text = value;
    else if (/^[A-Za-z]/.test(value) && !YAML_WORDS.test(value) && !/:(?: |$)| #/.test(value)) text = value;
    else return undefined;
    fields[key] = text.trim();
  }
  return fields;
}
