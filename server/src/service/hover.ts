import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { DocumentModels, QuoteFinding } from './documentModel';
import type { ServiceContext, ServiceDocument } from './serviceContext';
import { findCitable } from './citables';
import { citableCard, escapeMarkdown } from './sourceCard';
import { passageInContext } from './sourceLocations';
import { citationAt, findingAt } from './documentQueries';

/** Hover on a key (a source card) or on a quotation (its verdict and source passage). */
export function getHover(context: ServiceContext, models: DocumentModels, document: ServiceDocument, position: Position): Hover | undefined {
  const offset = document.offsetAt(position);
  const analysis = models.analysis(document);
  const citation = citationAt(analysis, offset);
  if (citation) {
    const range = { start: document.positionAt(citation.start), end: document.positionAt(citation.end) };
    const citable = findCitable(context, citation.key, models.references(document));
    const value = citable
      ? citableCard(citable)
      : `**No source has the key \`${escapeMarkdown(citation.key)}\`.**\n\nSources are read from the folders in the \`verbatim.sources\` setting, and bibliographies from the draft's \`bibliography:\` and the \`verbatim.bibliography\` setting.`;
    return { contents: { kind: MarkupKind.Markdown, value }, range };
  }
  const model = models.model(document);
  const finding = model && findingAt(model, offset);
  if (!finding) return undefined;
  const range = { start: document.positionAt(finding.quotation.start), end: document.positionAt(finding.quotation.end) };
  return { contents: { kind: MarkupKind.Markdown, value: quoteHover(finding, model.minWords) }, range };
}

function quoteHover(finding: QuoteFinding, minWords: number): string {
  const verdict = finding.verdict;
  if (finding.noFullText.length > 0) {
    return `**Verbatim: cannot be checked**: no full text for ${finding.noFullText.map((k) => `\`@${k}\``).join(', ')}. Attach the article to the bibliography entry (its \`file\` field), or add a source whose key is the same.`;
  }
  if (verdict === undefined) {
    if (finding.pattern.wordCount < minWords) return `Verbatim: not checked (fewer than ${minWords} words).`;
    return 'Verbatim: not checked (no cited source is in the library).';
  }
  if (verdict.kind === 'not-found' || verdict.kind === 'uncited') {
    const where = finding.keys.length > 0 ? finding.keys.map((k) => `@${k}`).join(', ') + ' or any other source' : 'any source';
    return `**Verbatim: not found** in ${escapeMarkdown(where)}.`;
  }
  const match = verdict.match;
  const key = match.entry.source.key;
  const headline = {
    verbatim: `**Verbatim** ✓ word for word in \`@${key}\``,
    misquote: `**Misquote** of \`@${key}\``,
    'wrong-source': `**Wrong source**: ${match.exact ? 'word for word' : 'close'} in \`@${key}\`, not in ${finding.keys.map((k) => `\`@${k}\``).join(', ')}`,
    unattributed: `**Unattributed**: ${match.exact ? 'word for word' : 'close'} in \`@${key}\``,
  }[verdict.kind];
  const { before, passage, after } = passageInContext(match);
  const lines = [headline, '', `*${escapeMarkdown(match.entry.source.meta.title || key)}*`, '', `> ${escapeMarkdown(before)}**${escapeMarkdown(passage)}**${escapeMarkdown(after)}`.replace(/\n+/g, ' ')];
  if (finding.runs.length > 0) {
    lines.push('', 'Differences (source → quote):', '');
    for (const run of finding.runs) {
      if (run.kind === 'replace') lines.push(`- source says **${escapeMarkdown(run.sourceText)}**, quote has ~~${escapeMarkdown(run.quoteText)}~~`);
      else if (run.kind === 'insert') lines.push(`- quote adds ~~${escapeMarkdown(run.quoteText)}~~`);
      else lines.push(`- quote leaves out **${escapeMarkdown(run.sourceText)}**`);
    }
  }
  return lines.join('\n');
}
