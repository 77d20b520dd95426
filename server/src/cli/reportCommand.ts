import { draftLanguageId } from '../core/draft/draftAnalysis';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { SourceLibrary } from '../core/library/sourceLibrary';
import { createLanguageService, placeOfPassage, type VerbatimDiagnosticData } from '../service';
import { cliSettings, UsageError, type CliArguments } from './arguments';
import type { CliIO } from './cliIO';
import { renderHtmlReport } from './reportHtml';
import { renderMarkdownReport } from './reportMarkdown';
import type { ReportInput, ReportPart } from './reportModel';

/** What `verbatim report` works on. */
export interface ReportJob {
  readonly file: string;
  readonly text: string;
  readonly library: SourceLibrary;
  readonly args: CliArguments;
  readonly io: CliIO;
  /** The files the draft includes (`\input`, `\include`), as shown, with their texts: reported after it. */
  readonly included?: ReadonlyArray<{ readonly file: string; readonly text: string; readonly languageId?: string }>;
}

/** `verbatim report DRAFT.md [-o FILE] [--format html|md]`: writes the fact-check sheet; exit status 0. */
export function writeReport(job: ReportJob): number {
  const { file, text, library, args, io } = job;
  const draftPath = path.resolve(io.cwd, file);
  const output = args.output !== undefined ? path.resolve(io.cwd, args.output) : undefined;
  if (output !== undefined) refuseToOverwrite(output, [draftPath, ...(job.included ?? []).map((d) => path.resolve(io.cwd, d.file))], library, args.output!, io.cwd);
  const settings = cliSettings(args);
  const service = createLanguageService({ library, settings: () => settings });
  // Links to sources are relative to where the report lands, so the report and sources can move together.
  const base = output !== undefined ? path.dirname(output) : io.cwd;
  const part = (shown: string, draftText: string, languageId = draftLanguageId(shown)): ReportPart => {
    const document = TextDocument.create(pathToFileURL(path.resolve(io.cwd, shown)).href, languageId, 1, draftText);
    const model = service.getQuotationModel(document);
    const reuse = (service.computeDiagnostics(document) ?? []).filter((d) => d.code === 'unquoted-reuse').map((d) => ({
      line: d.range.start.line + 1,
      draft: document.getText(d.range),
      message: typeof d.message === 'string' ? d.message : d.message.value,
      key: (d.data as VerbatimDiagnosticData).key ?? '',
      passage: (d.data as VerbatimDiagnosticData).source?.text ?? '',
    }));
    return { file: shown, text: model.text, model, reuse };
  };
  const main = part(file, text);
  const input: ReportInput = {
    ...main,
    included: (job.included ?? []).map((draft) => part(draft.file, draft.text, draft.languageId)),
    sources: library.size,
    date: new Date().toISOString().slice(0, 10),
    sourceLink: (quote) => {
      const passage = quote.passage;
      if (!passage) return undefined;
      const absolute = path.isAbsolute(passage.path) ? passage.path : path.resolve(io.cwd, passage.path);
      const relative = path.relative(base, absolute).split(path.sep).join('/');
      // A paged source (PDF) is told by page; a line of a PDF file means nothing to a reader.
      // A transcript's passage is told by its time (and speaker) as well.
      const where = passage.pageLabel ?? (passage.timeLabel !== undefined ? `${placeOfPassage(passage).slice(2)}, line ${passage.range.start.line + 1}` : `line ${passage.range.start.line + 1}`);
      return { href: relative, label: `${path.relative(io.cwd, absolute)}, ${where}` };
    },
  };
  const rendered = args.format === 'md' ? renderMarkdownReport(input) : renderHtmlReport(input);
  if (output === undefined) {
    io.out(rendered);
    return 0;
  }
  try {
    fs.mkdirSync(path.dirname(output), { recursive: true });
    fs.writeFileSync(output, rendered);
  } catch (error) {
    throw new UsageError(`cannot write ${args.output}: ${(error as Error).message}`);
  }
  io.err(`verbatim: wrote ${args.output} (${rendered.length.toLocaleString('en-US')} characters, ${[input, ...(input.included ?? [])].reduce((sum, p) => sum + p.model.quotes.length, 0)} quotations)\n`);
  return 0;
}

/** Verbatim never writes over a draft or a source: the report must go elsewhere. */
function refuseToOverwrite(output: string, drafts: readonly string[], library: SourceLibrary, shown: string, cwd: string): void {
  // Through links too: compare real paths where the files exist.
  const real = (file: string): string => {
    const absolute = path.resolve(cwd, file);
    try {
      return fs.realpathSync(absolute);
    } catch {
      return absolute; // not there (yet): its own path is its identity
    }
  };
  const same = (a: string, b: string): boolean => real(a) === real(b);
  if (same(output, drafts[0]!)) throw new UsageError(`-o ${shown} is the draft itself; name another file`);
  for (const draft of drafts.slice(1)) if (same(output, draft)) throw new UsageError(`-o ${shown} is a file the draft includes; name another file`);
  for (const { source } of library.sources()) {
    if (same(output, source.path)) throw new UsageError(`-o ${shown} is a source (@${source.key}); name another file`);
  }
}
