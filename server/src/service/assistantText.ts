import type { CheckedQuote, PassageHit, QuoteCheck, ReuseFinding } from '../../../protocol/src/messages';
import type { SourceExcerpt, SourceListing } from './sourceReading';

// What the tools for AI assistants (`verbatim mcp`, the VS Code language-model tools) say, as text.
// The same results go out as data too; this is the reading a model gets first.

/** A quote check as an assistant reads it: a line per quotation with its verdict, the source's words where they differ, and the fix. */
export function formatQuoteCheck(report: QuoteCheck): string {
  const count = report.quotes.length;
  const problems = report.quotes.reduce((n, q) => n + q.problems.length, 0) + report.otherProblems.length;
  const reused = report.reuse.length;
  const reuse = reused > 0 ? `, ${reused} run${reused === 1 ? '' : 's'} copied without quotation marks` : '';
  const lines = [`${report.draft}: ${count} quotation${count === 1 ? '' : 's'} (${report.summary}), ${problems} problem${problems === 1 ? '' : 's'}${reuse}`];
  for (const quote of report.quotes) lines.push('', ...formatQuote(quote));
  if (reused > 0) {
    lines.push('', 'Unquoted reuse: these words are a source\'s own, without quotation marks. Quote and cite them, or say it in your own words.');
    for (const run of report.reuse) lines.push('', ...formatReuse(run));
  }
  for (const problem of report.otherProblems) lines.push('', `${problem.line}:${problem.column} ${problem.severity} ${problem.code}: ${problem.message}`);
  return lines.join('\n');
}

function formatReuse(run: ReuseFinding): string[] {
  const lines = [`- ${run.line}:${run.column} ${run.severity} unquoted-reuse: ${run.message}`, `   draft: “${clip(run.text, 300)}”`];
  if (run.passage) lines.push(`   source @${run.passage.key} (${run.passage.file}:${run.passage.line}) says: “${clip(run.passage.text, 600)}”`);
  if (run.fix) lines.push(`   fix: ${run.fix.title}: write ${clip(run.fix.replacement, 600)} at ${run.fix.line}:${run.fix.column}–${run.fix.endLine}:${run.fix.endColumn}`);
  return lines;
}

function formatQuote(quote: CheckedQuote): string[] {
  const lines = [`${quote.index}. ${quote.line}:${quote.column} ${quote.verdict.toUpperCase()} “${clip(quote.text, 300)}”${quote.citation ? ` ${quote.citation}` : ''}`, `   ${quote.explanation}`];
  for (const problem of quote.problems) lines.push(`   ${problem.severity} ${problem.code}: ${problem.message}`);
  if (quote.passage && quote.verdict !== 'verified') {
    const where = `${quote.passage.file}:${quote.passage.line}${quote.passage.locator ? `, ${quote.passage.locator}` : ''}`;
    lines.push(`   source @${quote.passage.key} (${where}) says: “${clip(quote.passage.text, 600)}”`);
  }
  if (quote.fix) lines.push(`   fix: ${quote.fix.title}: write “${clip(quote.fix.replacement, 600)}” at ${quote.fix.line}:${quote.fix.column}–${quote.fix.endLine}:${quote.fix.endColumn}`);
  return lines;
}

/** Found passages as an assistant reads them: each with the words to quote and the citation to write. */
export function formatPassages(passages: readonly PassageHit[], words: string): string {
  if (passages.length === 0) return `No source of the library has a passage close to “${clip(words, 200)}”. Do not quote it as a source's words.`;
  const lines: string[] = [];
  passages.forEach((hit, i) => {
    const how = hit.exact ? 'exact' : hit.close ? 'close' : 'distant';
    lines.push(
      `${i + 1}. ${hit.citation} ${hit.title}${hit.author ? ` (${hit.author}${hit.date ? `, ${hit.date}` : ''})` : hit.date ? ` (${hit.date})` : ''} — ${how} match, ${hit.file}:${hit.line}`,
      `   quote: “${hit.text.replace(/\s+/g, ' ')}” ${hit.citation}`,
      `   context: ${clip(hit.before, 160)}[…]${clip(hit.after, 160)}`,
    );
  });
  return lines.join('\n');
}

/** A listing of the library, a source a line. */
export function formatListing(sources: readonly SourceListing[], total: number, query: string | undefined): string {
  if (sources.length === 0) return query ? `No source matches “${query}”.` : 'The library is empty.';
  const head = query ? `${sources.length} source${sources.length === 1 ? '' : 's'} matching “${query}”:` : `${total} source${total === 1 ? '' : 's'}${sources.length < total ? ` (the first ${sources.length})` : ''}:`;
  const rows = sources.map((s) => `@${s.key} — ${s.title || '(no title)'}${s.author ? ` · ${s.author}` : ''}${s.date ? ` · ${s.date}` : ''}${s.file === undefined ? ' · no full text' : ''}`);
  return [head, ...rows].join('\n');
}

/** A stretch of a source's text with where it is, and how to read on. */
export function formatExcerpt(excerpt: SourceExcerpt): string {
  const where = `lines ${excerpt.startLine}–${excerpt.endLine} of ${excerpt.totalLines}${excerpt.pages ? `, pages ${excerpt.pages}` : ''}`;
  const more = excerpt.next ? `\n[… more: read_source with range "${excerpt.next}"]` : '';
  return `@${excerpt.key} — ${excerpt.title} (${excerpt.file}, ${where})\n\n${excerpt.text}${more}`;
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
