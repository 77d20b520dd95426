import { placeOfPassage, VERDICTS, type AuditedQuote } from '../service';
import { markedPassage, markedQuote, type MarkedPiece } from './reportMarks';
import { lineLabel, reportTitle, summaryRows, type ReportInput } from './reportModel';

/** The fact-check sheet of a draft in Markdown: differences ~~struck~~ in the draft and **bold** in the source. */
export function renderMarkdownReport(input: ReportInput): string {
  const { model } = input;
  const lines = [
    `# Fact-check: ${escape(reportTitle(input))}`,
    '',
    `Fact-check of \`${input.file}\` by Verbatim on ${input.date}: ${model.quotes.length} quotations, checked against ${input.sources} source${input.sources === 1 ? '' : 's'}.`,
    '',
    '## Summary',
    '',
    '| Verdict | Quotations |',
    '|---|---:|',
    ...summaryRows(model).map((r) => `| ${r.mark} ${r.title} | ${r.count} |`),
    `| **All quotations** | **${model.quotes.length}** |`,
    '',
  ];
  if (model.unknownKeys.length > 0) {
    lines.push(`Cited keys no source has: ${[...new Set(model.unknownKeys.map((c) => c.key))].map((k) => `\`@${k}\``).join(', ')}.`, '');
  }
  lines.push('## Quotations', '');
  for (const quote of model.quotes) lines.push(...quoteSection(input, quote), '');
  if (input.reuse.length > 0) {
    lines.push('## Unquoted reuse', '', 'Words of a source in the draft without quotation marks.', '');
    input.reuse.forEach((item, i) => {
      lines.push(`### R${i + 1}. line ${item.line}`, '', escape(item.message), '', '**Draft:**', '', blockQuote(escape(item.draft)), '', `**Source:** @${item.key}`, '', blockQuote(escape(item.passage)), '');
    });
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function quoteSection(input: ReportInput, quote: AuditedQuote): string[] {
  const verdict = VERDICTS[quote.verdict];
  const passage = quote.passage;
  const facts = [lineLabel(quote), quote.citationText ? `\`${quote.citationText}\`` : 'no citation', passage?.pageLabel !== undefined ? `source ${passage.pageLabel}` : '', passage?.timeLabel !== undefined ? `source ${placeOfPassage(passage).slice(2)}` : '']
    .filter((f) => f !== '')
    .join(' · ');
  const lines = [`### ${quote.index}. ${verdict.mark} ${verdict.title}`, '', facts, '', escape(quote.explanation), '', '**Draft:**', '', blockQuote(pieces(markedQuote(input.text, quote), 'draft'))];
  if (passage) {
    const link = input.sourceLink(quote);
    lines.push(
      '',
      `**Source:** @${passage.key}${passage.title ? ` · *${escape(passage.title)}*` : ''}${link ? ` · [${link.label}](${encodeURI(link.href)})` : ''}`,
      '',
      // The passage alone: its context would blur which words were matched.
      blockQuote(pieces(markedPassage(quote), 'source')),
    );
  }
  return lines;
}

function pieces(list: readonly MarkedPiece[], side: 'draft' | 'source'): string {
  return list
    .map((piece) => {
      if (piece.mark === undefined) return escape(piece.text);
      if (piece.mark === 'missing') return side === 'draft' ? ` ‸ ` : ' ‸ ';
      return side === 'draft' ? `~~${escape(piece.text)}~~` : `**${escape(piece.text)}**`;
    })
    .join('');
}

function blockQuote(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => `> ${line.trim()}`.trimEnd())
    .join('\n');
}

function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~]/g, (c) => `\\${c}`);
}
