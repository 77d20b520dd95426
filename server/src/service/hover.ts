import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { DocumentModels } from './documentModel';
import { auditedQuoteAt, placeOfPassage, VERDICTS, type AuditedQuote } from './quotationModel';
import { storesAnswered, type PendingLibrary, type ServiceContext, type ServiceDocument } from './serviceContext';
import { keyedCitable } from './citables';
import { citableCard, escapeMarkdown } from './sourceCard';
import { passageInContext } from './sourceLocations';
import { citationAt } from './documentQueries';

/** Hover on a key (a source card) or on a quotation (its verdict and source passage). */
export function getHover(context: ServiceContext, models: DocumentModels, document: ServiceDocument, position: Position): Hover | undefined {
  const offset = document.offsetAt(position);
  const { analysis, references } = models.parsedAt(document, offset);
  const citation = citationAt(analysis, offset);
  if (citation) {
    const range = { start: document.positionAt(citation.start), end: document.positionAt(citation.end) };
    const citable = keyedCitable(context, citation.key, references, models.scope(document));
    const value = citable
      ? citableCard(citable)
      : context.pending
        ? `Verbatim is still indexing the sources (${progressText(context.pending)}); no source read so far has the key \`${escapeMarkdown(citation.key)}\`.`
        : !storesAnswered(context, citation.key)
          ? `**The archive could not be reached** to look up the key \`${escapeMarkdown(citation.key)}\`; no local source has it. Verbatim asks the archive again by itself.`
          : `**No source has the key \`${escapeMarkdown(citation.key)}\`.**\n\nSources are read from the folders in the \`verbatim.sources\` setting, and bibliographies from the draft's \`bibliography:\` and the \`verbatim.bibliography\` setting.`;
    return { contents: { kind: MarkupKind.Markdown, value }, range };
  }
  if (context.pending) {
    // A verdict needs the index; say so on a quotation rather than stay silent.
    const quotation = analysis.quotations.find((q) => offset >= q.start && offset <= q.end);
    if (!quotation) return undefined;
    const range = { start: document.positionAt(quotation.start), end: document.positionAt(quotation.end) };
    const value = `Verbatim: still indexing the sources (${progressText(context.pending)}); this quotation is checked as soon as indexing ends.`;
    return { contents: { kind: MarkupKind.Markdown, value }, range };
  }
  const quote = auditedQuoteAt(document, models.modelAt(document, offset), offset);
  if (!quote) return undefined;
  const range = { start: document.positionAt(quote.start), end: document.positionAt(quote.end) };
  return { contents: { kind: MarkupKind.Markdown, value: quoteHover(quote) }, range };
}

/** "12,345 / 34,990" (or "starting" before the count is known). */
function progressText(pending: PendingLibrary): string {
  return pending.total > 0 ? `${pending.done.toLocaleString('en-US')} / ${pending.total.toLocaleString('en-US')}` : 'starting';
}

function quoteHover(quote: AuditedQuote): string {
  const match = quote.match;
  if (match === undefined) return `Verbatim: ${escapeMarkdown(quote.explanation.charAt(0).toLowerCase() + quote.explanation.slice(1))}`;
  const key = match.entry.source.key;
  const headline = quote.verdict === 'verified'
    ? `**Verbatim** ✓ word for word in \`@${key}\``
    : quote.verdict === 'misquote'
      ? `**Misquote** of \`@${key}\``
      : quote.verdict === 'wrong-source'
        ? `**Wrong source**: ${match.exact ? 'word for word' : 'close'} in \`@${key}\`, not in ${quote.keys.map((k) => `\`@${k}\``).join(', ')}`
        : `**${VERDICTS[quote.verdict].title}**: ${match.exact ? 'word for word' : 'close'} in \`@${key}\``;
  const { before, passage, after } = passageInContext(match);
  // Sources with pages (PDFs, texts with form feeds) say which page the passage is on; transcripts
  // when it is spoken and by whom, so the writer can listen to it (speech recognition errs).
  const page = quote.passage ? placeOfPassage(quote.passage) : '';
  const lines = [headline, '', `*${escapeMarkdown(match.entry.source.meta.title || key)}*${page}`, '', `> ${escapeMarkdown(before)}**${escapeMarkdown(passage)}**${escapeMarkdown(after)}`.replace(/\n+/g, ' ')];
  if (quote.runs.length > 0) {
    lines.push('', 'Differences (source → quote):', '');
    for (const run of quote.runs) {
      if (run.kind === 'replace') lines.push(`- source says **${escapeMarkdown(run.sourceText)}**, quote has ~~${escapeMarkdown(run.quoteText)}~~`);
      else if (run.kind === 'insert') lines.push(`- quote adds ~~${escapeMarkdown(run.quoteText)}~~`);
      else lines.push(`- quote leaves out **${escapeMarkdown(run.sourceText)}**`);
    }
  }
  return lines.join('\n');
}
