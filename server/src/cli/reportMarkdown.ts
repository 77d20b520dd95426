import { placeOfPassage, VERDICTS } from '../service';
import { markedPassage, markedQuote, type MarkedPiece } from './reportMarks';
import { reportQuotes, reportReuse, reportTally, reportTitle, reportUnknownKeys, summaryRows, type ReportInput, type ReportQuote } from './reportModel';

/** The fact-check sheet of a draft in Markdown: differences ~~struck~~ in the draft and **bold** in the source. */
export function renderMarkdownReport(input: ReportInput): string {
  const quotes = reportQuotes(input);
  const unknownKeys = reportUnknownKeys(input);
  const reuse = reportReuse(input);
  const lines = [
    `# Fact-check: ${escape(reportTitle(input))}`,
    '',
    `Fact-check of \`${input.file}\` by Verbatim on ${input.date}: ${quotes.length} quotations, checked against ${input.sources} source${input.sources === 1 ? '' : 's'}.`,
    '',
    '## Summary',
    '',
    '| Verdict | Quotations |',
    '|---|---:|',
    ...summaryRows(reportTally(input)).map((r) => `| ${r.mark} ${r.title} | ${r.count} |`),
    `| **All quotations** | **${quotes.length}** |`,
    '',
  ];
  if (unknownKeys.length > 0) {
    lines.push(`Cited keys no source has: ${unknownKeys.map((k) => `\`@${k}\``).join(', ')}.`, '');
  }
  lines.push('## Quotations', '');
  for (const quote of quotes) lines.push(...quoteSection(input, quote), '');
  if (reuse.length > 0) {
    lines.push('## Unquoted reuse', '', 'Words of a source in the draft without quotation marks.', '');
    reuse.forEach((item, i) => {
      lines.push(`### R${i + 1}. ${item.place}`, '', escape(item.message), '', '**Draft:**', '', blockQuote(escape(item.draft)), '', `**Source:** @${item.key}`, '', blockQuote(escape(item.passage)), '');
    });
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function quoteSection(input: ReportInput, { quote, text, place }: ReportQuote): string[] {
  const verdict = VERDICTS[quote.verdict];
  const passage = quote.passage;
  const facts = [place, quote.citationText ? `\`${quote.citationText}\`` : 'no citation', passage?.pageLabel !== undefined ? `source ${passage.pageLabel}` : '', passage?.timeLabel !== undefined ? `source ${placeOfPassage(passage).slice(2)}` : '']
    .filter((f) => f !== '')
    .join(' · ');
  const lines = [`### ${quote.index}. ${verdict.mark} ${verdict.title}`, '', facts, '', escape(quote.explanation), '', '**Draft:**', '', blockQuote(pieces(markedQuote(text, quote), 'draft'))];
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
