import { placeOfPassage, VERDICTS } from '../service';
import { markedPassage, markedQuote, type MarkedPiece } from './reportMarks';
import { reportQuotes, reportReuse, reportTally, reportTitle, reportUnknownKeys, summaryRows, type ReportInput, type ReportQuote, type ReuseItem } from './reportModel';

// One self-contained page: inline styles, no scripts, no fonts or images to fetch (the policy below
// forbids any request), readable on screen and on paper.
const STYLE = `
:root { --ok: #1a7f37; --bad: #b42318; --warn: #9a6700; --info: #0b61a4; --muted: #59636e; --line: #d1d9e0; }
* { box-sizing: border-box; }
body { font: 15px/1.5 Georgia, 'Times New Roman', serif; color: #1f2328; max-width: 1100px; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.7rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .75rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
.meta, .muted { color: var(--muted); font: 13px/1.4 system-ui, sans-serif; }
table.summary { border-collapse: collapse; font: 14px/1.4 system-ui, sans-serif; margin: .5rem 0; }
table.summary th, table.summary td { border: 1px solid var(--line); padding: .3rem .8rem; text-align: left; }
table.summary td.count { text-align: right; font-variant-numeric: tabular-nums; }
table.summary tr.total td { font-weight: bold; }
.quote { border: 1px solid var(--line); border-left: 6px solid var(--muted); border-radius: 4px; padding: .75rem 1rem; margin: 0 0 1rem; break-inside: avoid; page-break-inside: avoid; }
.quote header { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: baseline; font: 13px/1.4 system-ui, sans-serif; }
.verdict { font-weight: bold; text-transform: uppercase; letter-spacing: .03em; }
.v-verified { border-left-color: var(--ok); } .v-verified .verdict { color: var(--ok); }
.v-misquote, .v-wrong-source, .v-wrong-page, .v-wrong-time, .v-wrong-speaker, .v-not-a-quotation, .v-not-found { border-left-color: var(--bad); }
.v-misquote .verdict, .v-wrong-source .verdict, .v-wrong-page .verdict, .v-wrong-time .verdict, .v-wrong-speaker .verdict, .v-not-a-quotation .verdict, .v-not-found .verdict { color: var(--bad); }
.v-unattributed, .v-no-full-text { border-left-color: var(--info); } .v-unattributed .verdict, .v-no-full-text .verdict { color: var(--info); }
.v-not-checked { border-left-color: var(--line); } .v-not-checked .verdict { color: var(--muted); }
.explanation { margin: .35rem 0 .5rem; font: 14px/1.4 system-ui, sans-serif; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.side h3 { font: 12px/1.4 system-ui, sans-serif; color: var(--muted); margin: 0 0 .25rem; }
.side h3 .label { font-weight: bold; text-transform: uppercase; letter-spacing: .03em; }
.side blockquote { margin: 0; padding: .5rem .75rem; background: #f6f8fa; border-radius: 4px; }
.source blockquote { white-space: pre-wrap; }
.passage { background: #fff8c5; }
.context { color: var(--muted); }
del.diff { background: #ffebe9; color: var(--bad); text-decoration: line-through; text-decoration-thickness: 2px; }
ins.diff { background: #dafbe1; color: var(--ok); text-decoration: underline; text-decoration-thickness: 2px; font-weight: bold; }
.gap { color: var(--bad); background: #ffebe9; font: bold 1.1em/1 system-ui, sans-serif; padding: 0 .15em; }
.source-link { font: 13px/1.4 system-ui, sans-serif; margin-top: .35rem; }
code { font: 13px ui-monospace, monospace; }
@page { margin: 1.5cm; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  a { color: inherit; }
}
`;

/** The fact-check sheet of a draft as one self-contained HTML page. */
export function renderHtmlReport(input: ReportInput): string {
  const title = reportTitle(input);
  const quotes = reportQuotes(input);
  const unknownKeys = reportUnknownKeys(input);
  const reuse = reportReuse(input);
  const rows = summaryRows(reportTally(input));
  const parts = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Fact-check: ${escape(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${escape(title)}</h1>`,
    `<p class="meta">Fact-check of <code>${escape(input.file)}</code> by Verbatim on ${escape(input.date)}: ${quotes.length} quotations, checked against ${input.sources} source${input.sources === 1 ? '' : 's'}.</p>`,
    '</header>',
    '<section aria-label="Summary">',
    '<h2>Summary</h2>',
    '<table class="summary">',
    '<thead><tr><th>Verdict</th><th>Quotations</th></tr></thead>',
    '<tbody>',
    ...rows.map((r) => `<tr class="v-${r.verdict}"><td><span class="verdict">${escape(r.mark)} ${escape(r.title)}</span></td><td class="count">${r.count}</td></tr>`),
    `<tr class="total"><td>All quotations</td><td class="count">${quotes.length}</td></tr>`,
    '</tbody>',
    '</table>',
    ...(unknownKeys.length > 0
      ? [`<p class="muted">Cited keys no source has: ${unknownKeys.map((k) => `<code>@${escape(k)}</code>`).join(', ')}.</p>`]
      : []),
    '</section>',
    '<section aria-label="Quotations">',
    '<h2>Quotations</h2>',
    ...quotes.map((quote) => quoteSection(input, quote)),
    '</section>',
    ...(reuse.length > 0
      ? [
          '<section aria-label="Unquoted reuse">',
          '<h2>Unquoted reuse</h2>',
          '<p class="muted">Words of a source in the draft without quotation marks.</p>',
          ...reuse.map((item, i) => reuseSection(item, i + 1)),
          '</section>',
        ]
      : []),
    '</body>',
    '</html>',
  ];
  return `${parts.join('\n')}\n`;
}

function quoteSection(input: ReportInput, { quote, text, place }: ReportQuote): string {
  const verdict = VERDICTS[quote.verdict];
  const passage = quote.passage;
  const link = input.sourceLink(quote);
  const header = [
    `<span class="number">#${quote.index}</span>`,
    `<span class="verdict">${escape(verdict.mark)} ${escape(verdict.title)}</span>`,
    `<span class="muted">${escape(place)}</span>`,
    quote.citationText ? `<span class="citation"><code>${escape(quote.citationText)}</code></span>` : '<span class="muted">no citation</span>',
    passage?.pageLabel !== undefined ? `<span class="page">source ${escape(passage.pageLabel)}</span>` : '',
    passage?.timeLabel !== undefined ? `<span class="page">source ${escape(placeOfPassage(passage).slice(2))}</span>` : '',
  ].filter((part) => part !== '');
  // The draft's line breaks are not the writer's meaning: the quote reads as one line.
  const draftPieces = markedQuote(text, quote).map((piece) => ({ ...piece, text: piece.text.replace(/\s+/g, ' ') }));
  const draftSide = `<div class="side draft"><h3><span class="label">Draft</span></h3><blockquote>${pieces(draftPieces, 'del')}</blockquote></div>`;
  const sourceSide = passage
    ? [
        '<div class="side source">',
        `<h3><span class="label">Source</span> @${escape(passage.key)}${passage.title ? ` · ${escape(passage.title)}` : ''}</h3>`,
        `<blockquote><span class="context">${escape(passage.before)}</span><span class="passage">${pieces(markedPassage(quote), 'ins')}</span><span class="context">${escape(passage.after)}</span></blockquote>`,
        link ? `<div class="source-link"><a href="${escape(link.href)}">${escape(link.label)}</a></div>` : '',
        '</div>',
      ].join('')
    : `<div class="side source"><h3><span class="label">Source</span></h3><p class="muted">${quote.verdict === 'not-found' ? 'No source has these words.' : 'No source passage.'}</p></div>`;
  return [
    `<article class="quote v-${quote.verdict}" id="q${quote.index}">`,
    `<header>${header.join(' ')}</header>`,
    `<p class="explanation">${escape(quote.explanation)}</p>`,
    `<div class="sides">${draftSide}${sourceSide}</div>`,
    '</article>',
  ].join('\n');
}

function reuseSection(item: ReuseItem & { readonly place: string }, number: number): string {
  return [
    `<article class="quote v-unattributed" id="r${number}">`,
    `<header><span class="number">R${number}</span> <span class="verdict">Unquoted reuse</span> <span class="muted">${escape(item.place)}</span></header>`,
    `<p class="explanation">${escape(item.message)}</p>`,
    `<div class="sides"><div class="side draft"><h3><span class="label">Draft</span></h3><blockquote>${escape(item.draft.replace(/\s+/g, ' '))}</blockquote></div>`,
    `<div class="side source"><h3><span class="label">Source</span> @${escape(item.key)}</h3><blockquote><span class="passage">${escape(item.passage)}</span></blockquote></div></div>`,
    '</article>',
  ].join('\n');
}

/** Marked pieces as HTML: differences as `<del>` (draft) or `<ins>` (source), with the other side's words as a title. */
function pieces(list: readonly MarkedPiece[], tag: 'del' | 'ins'): string {
  return list
    .map((piece) => {
      if (piece.mark === undefined) return escape(piece.text);
      const other = piece.other ? (tag === 'del' ? `source: ${piece.other}` : `draft: ${piece.other}`) : tag === 'del' ? 'not in the source' : 'not in the draft';
      if (piece.mark === 'missing') return `<span class="gap" title="${escape(tag === 'del' ? `left out: ${piece.other ?? ''}` : `added: ${piece.other ?? ''}`)}">‸</span>`;
      return `<${tag} class="diff" title="${escape(other)}">${escape(piece.text)}</${tag}>`;
    })
    .join('');
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
