import type { BenchQuote, Workload } from './corpus';

/** LaTeX's special characters, escaped as a LaTeX writer types them. */
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\textbackslash{}', '{': '\\{', '}': '\\}', $: '\\$', '%': '\\%', '&': '\\&', '#': '\\#', _: '\\_', '^': '\\^{}', '~': '\\textasciitilde{}' };
const CITATION = /^\[(see )?@([^\],\s]+)(?:, p\. (\d+))?\]/;
const IN_TEXT = /^@([^\s,]+)/;
const HEADING = /^(#{1,2}) ([^\n]*)/;

/**
 * The bench's Markdown draft written as a LaTeX writer would: `\section`, ``` ``…'' ``` for straight
 * quotes (curly ones kept), `\parencite[see][]{key}` / `\parencite[3]{key}` / `\textcite{key}`,
 * special characters escaped. Returns the text and where each quote's opening mark now is.
 */
export function latexDraft(draft: Workload['draft'], quotes: ReadonlyMap<number, BenchQuote>): { text: string; starts: Map<number, number> } {
  const md = draft.text;
  const opens = new Map<number, number>();
  const closes = new Set<number>();
  for (const placed of draft.quotes) {
    opens.set(placed.start, placed.id);
    closes.add(placed.start + 1 + quotes.get(placed.id)!.text.length);
  }
  const starts = new Map<number, number>();
  let out = '\\documentclass{article}\n\\usepackage{csquotes}\n\\usepackage{biblatex}\n\\begin{document}\n\n';
  for (let i = 0; i < md.length; ) {
    const c = md[i]!;
    const lineStart = i === 0 || md[i - 1] === '\n';
    const heading = lineStart ? HEADING.exec(md.slice(i, i + 200)) : null;
    if (heading) {
      out += `\\${heading[1] === '#' ? 'section' : 'subsection'}{${escape(heading[2]!)}}`;
      i += heading[0].length;
      continue;
    }
    if (opens.has(i)) {
      starts.set(opens.get(i)!, out.length);
      out += c === '"' ? '``' : c;
      i++;
      continue;
    }
    if (closes.has(i)) {
      out += c === '"' ? "''" : c;
      i++;
      continue;
    }
    if (c === '[') {
      const cite = CITATION.exec(md.slice(i, i + 200));
      if (cite) {
        out += cite[1] ? `\\parencite[see][]{${cite[2]}}` : cite[3] ? `\\parencite[${cite[3]}]{${cite[2]}}` : `\\parencite{${cite[2]}}`;
        i += cite[0].length;
        continue;
      }
    }
    if (c === '@') {
      const key = IN_TEXT.exec(md.slice(i, i + 200));
      if (key) {
        out += `\\textcite{${key[1]}}`;
        i += key[0].length;
        continue;
      }
    }
    out += ESCAPES[c] ?? c;
    i++;
  }
  return { text: `${out}\n\\end{document}\n`, starts };
}

function escape(text: string): string {
  return [...text].map((c) => ESCAPES[c] ?? c).join('');
}
