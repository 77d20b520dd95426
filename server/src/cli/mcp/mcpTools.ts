import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { formatExcerpt, formatListing, formatPassages, formatQuoteCheck, MAX_PASSAGE_HITS, quoteCheckOf } from '../../service';
import { UsageError } from '../arguments';
import { relativeFile } from '../findings';
import { PathRefused } from './allowedFolders';
import { McpWorkspace, TEXT_DRAFT } from './mcpWorkspace';

/** Longest draft text a call may carry, in characters. */
export const MAX_TEXT_CHARS = 2_000_000;
/** Longest words `find_passage` searches for, in characters (a long paragraph). */
const MAX_WORDS_CHARS = 5_000;
const MAX_KEY_CHARS = 1_000;
const MAX_PATH_CHARS = 4_096;
/** Characters `read_source` returns at most per call, by default and at most. */
const READ_CHARS = 20_000;
const MAX_READ_CHARS = 200_000;

const passageShape = {
  key: z.string(),
  title: z.string(),
  file: z.string(),
  line: z.number(),
  column: z.number(),
  locator: z.string().optional(),
  text: z.string(),
};
const problemShape = { code: z.string(), severity: z.string(), message: z.string() };
const fixShape = z.object({ title: z.string(), replacement: z.string(), line: z.number(), column: z.number(), endLine: z.number(), endColumn: z.number() });
const quoteShape = z.object({
  index: z.number(),
  line: z.number(),
  column: z.number(),
  endLine: z.number(),
  endColumn: z.number(),
  text: z.string(),
  verdict: z.string(),
  reason: z.string().optional(),
  explanation: z.string(),
  keys: z.array(z.string()),
  citation: z.string().optional(),
  locator: z.string().optional(),
  problems: z.array(z.object(problemShape)),
  passage: z.object(passageShape).optional(),
  speaker: z.string().optional(),
  fix: fixShape.optional(),
});
const reuseShape = z.object({
  line: z.number(),
  column: z.number(),
  endLine: z.number(),
  endColumn: z.number(),
  text: z.string(),
  key: z.string(),
  severity: z.string(),
  message: z.string(),
  passage: z.object({ key: z.string(), file: z.string(), line: z.number(), column: z.number(), text: z.string() }).optional(),
  fix: fixShape.optional(),
});
const findingShape = z.object({
  file: z.string(),
  line: z.number(),
  column: z.number(),
  endLine: z.number(),
  endColumn: z.number(),
  severity: z.enum(['error', 'warning', 'information', 'hint']),
  code: z.string(),
  message: z.string(),
  key: z.string().optional(),
  suggestion: z.string().optional(),
  source: z
    .object({ key: z.string(), file: z.string(), page: z.string().optional(), line: z.number(), column: z.number(), text: z.string() })
    .optional(),
});
const hitShape = z.object({
  key: z.string(),
  title: z.string(),
  author: z.string().optional(),
  date: z.string().optional(),
  file: z.string(),
  line: z.number(),
  column: z.number(),
  locator: z.string().optional(),
  text: z.string(),
  before: z.string(),
  after: z.string(),
  exact: z.boolean(),
  close: z.boolean(),
  citation: z.string(),
});
const listingShape = z.object({
  key: z.string(),
  title: z.string(),
  author: z.string().optional(),
  date: z.string().optional(),
  outlet: z.string().optional(),
  file: z.string().optional(),
  words: z.number().optional(),
});

/** Where the tools are served. */
export interface ToolOptions {
  /** The working folder: files are shown relative to it. */
  readonly cwd: string;
}

/** What a tool answers: readable text, and the same as data. */
type ToolAnswer = CallToolResult & { structuredContent?: Record<string, unknown> };

/**
 * Registers the four tools of SPEC section 8a. Each is a few lines: read the arguments, ask the
 * service (through the library `check` uses), and say the result twice, as text for the assistant
 * and as `structuredContent` matching the tool's output schema. Errors the caller can fix (a path
 * outside the folders, an unknown key, no sources) are error results with the reason.
 */
export function registerTools(server: McpServer, workspace: McpWorkspace, options: ToolOptions): void {
  const { cwd } = options;
  server.registerTool(
    'check_quotes',
    {
      title: 'Check quotations',
      description:
        'Call after writing or editing text with quotations or text drawn from sources. Checks every quotation of a Markdown draft (Pandoc citations such as [@key, p. 4]) against the cited source in the writer\'s library and gives each its verdict (verified, misquote, wrong-source, wrong-page, not-found, unattributed, not-checked), the source\'s exact words and a fix; and lists `reuse`: runs of the draft\'s own sentences copied word for word from a source without quotation marks (unquoted-reuse). Give the draft as `text`, or as `path` (a .md/.qmd/.Rmd/.tex/.typ/.docx file inside the project). Fix every quotation that is not verified, and quote and cite or rewrite every reused run, before showing the text.',
      inputSchema: {
        text: z.string().max(MAX_TEXT_CHARS).optional().describe('The draft\'s Markdown text, with its quotations and citations.'),
        path: z.string().min(1).max(MAX_PATH_CHARS).optional().describe('A draft file to check instead, relative to the project folder.'),
      },
      outputSchema: {
        draft: z.string(),
        summary: z.string(),
        tally: z.record(z.string(), z.number()),
        quotes: z.array(quoteShape),
        reuse: z.array(reuseShape),
        otherProblems: z.array(z.object({ ...problemShape, line: z.number(), column: z.number() })),
        diagnostics: z.array(findingShape),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (input) =>
      answer(async () => {
        if ((input.text === undefined) === (input.path === undefined)) throw new UsageError('give either `text` (the draft) or `path` (a draft file), not both or neither');
        const draft = input.path !== undefined ? workspace.readDraft(input.path) : { file: TEXT_DRAFT, text: input.text! };
        const checked = await workspace.check(draft);
        const diagnostics = checked.findings.map((finding) => finding.json);
        const report = quoteCheckOf(checked.quotes, checked.diagnostics, { draft: draft.file, file: (file) => relativeFile(file, cwd) });
        return { text: formatQuoteCheck(report), data: { ...report, diagnostics } };
      }),
  );

  server.registerTool(
    'find_passage',
    {
      title: 'Find a passage to quote',
      description:
        'Call before quoting a source. Finds the passages of the writer\'s library closest to the given words (a quotation you mean to use, or a paraphrase of it), best first, each with the source\'s exact words, its key, title, page and the citation to write. Quote only the exact `text` of a passage, followed by its `citation`; if nothing close is found, do not quote.',
      inputSchema: {
        words: z.string().min(1).max(MAX_WORDS_CHARS).describe('The words you want to quote, as you remember them.'),
        key: z.string().min(1).max(MAX_KEY_CHARS).optional().describe('Search only the source with this citation key.'),
        limit: z.number().int().min(1).max(MAX_PASSAGE_HITS).optional().describe('How many passages at most (default 5).'),
      },
      outputSchema: { passages: z.array(hitShape), problem: z.string().optional() },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (input) =>
      answer(async () => {
        const { service } = await workspace.library();
        const found = service.findPassages(input.words, { ...(input.key !== undefined ? { key: input.key } : {}), ...(input.limit !== undefined ? { limit: input.limit } : {}) });
        if (found.problem !== undefined) throw new UsageError(found.problem);
        const passages = found.passages.map((hit) => ({ ...hit, file: relativeFile(hit.file, cwd) }));
        return { text: formatPassages(passages, input.words), data: { passages } };
      }),
  );

  server.registerTool(
    'list_sources',
    {
      title: 'List sources',
      description:
        'Lists the sources and bibliography entries the writer can cite: key, title, author, date. With `query`, the best matches for words of a key, title, author or outlet. Use the keys in citations ([@key]) and with find_passage and read_source.',
      inputSchema: {
        query: z.string().max(MAX_KEY_CHARS).optional().describe('Words of a key, title, author or outlet.'),
        limit: z.number().int().min(1).max(1000).optional().describe('How many at most (default 50).'),
      },
      outputSchema: { sources: z.array(listingShape), total: z.number() },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (input) =>
      answer(async () => {
        const { service } = await workspace.library();
        const { sources, total } = service.listSources(input.query, input.limit ?? 50);
        const shown = sources.map((s) => (s.file !== undefined ? { ...s, file: relativeFile(s.file, cwd) } : s));
        return { text: formatListing(shown, total, input.query), data: { sources: shown, total } };
      }),
  );

  server.registerTool(
    'read_source',
    {
      title: 'Read a source',
      description:
        'Returns the text of one source of the writer\'s library by its citation key: all of it, or the lines (`120-160`) or pages (`p. 4`, `pp. 4-5`) named by `range`. Long texts come in parts: `next` is the range to ask for next.',
      inputSchema: {
        key: z.string().min(1).max(MAX_KEY_CHARS).describe('The source\'s citation key.'),
        range: z.string().min(1).max(100).optional().describe('Lines (`120-160`) or pages (`p. 4`, `pp. 4-5`).'),
        max_chars: z.number().int().min(100).max(MAX_READ_CHARS).optional().describe(`Characters at most (default ${READ_CHARS}).`),
      },
      outputSchema: {
        key: z.string(),
        title: z.string(),
        author: z.string().optional(),
        date: z.string().optional(),
        file: z.string(),
        startLine: z.number(),
        endLine: z.number(),
        totalLines: z.number(),
        pages: z.string().optional(),
        text: z.string(),
        next: z.string().optional(),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (input) =>
      answer(async () => {
        const { service } = await workspace.library();
        const reading = service.readSource(input.key, input.range, input.max_chars ?? READ_CHARS);
        if ('problem' in reading) throw new UsageError(reading.problem);
        const excerpt = { ...reading.excerpt, file: relativeFile(reading.excerpt.file, cwd) };
        return { text: formatExcerpt(excerpt), data: { ...excerpt } };
      }),
  );
}

/** Runs a tool's work; a refused path, a usage problem or an unexpected failure becomes an error result. */
async function answer(work: () => Promise<{ text: string; data: object }>): Promise<ToolAnswer> {
  try {
    const { text, data } = await work();
    return { content: [{ type: 'text', text }], structuredContent: data as Record<string, unknown> };
  } catch (error) {
    const expected = error instanceof UsageError || error instanceof PathRefused;
    const message = expected ? (error as Error).message : `internal error: ${(error as Error)?.message ?? String(error)}`;
    if (!expected) process.stderr.write(`verbatim mcp: ${(error as Error)?.stack ?? String(error)}\n`);
    return { content: [{ type: 'text', text: message }], isError: true };
  }
}
