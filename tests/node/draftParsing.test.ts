import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analysisData, analyzeDraft, withSyntax, type DraftFormat } from '../../server/src/core/draft/draftAnalysis';
import { parseDraftApart } from '../../server/src/workers/draftParsing';
import { APPEAL, RALLY } from '../helpers';

// Issue 27: a long LaTeX or Typst draft (their parsers run in one step) is parsed in a worker
// thread; what comes back is what a parse in the main thread gives, its syntax made again.

const LATEX = `\\documentclass{article}\n\\usepackage{csquotes}\n\\begin{document}\n${`He said \\enquote{It did not specify those mechanisms} \\parencite[12]{${APPEAL}}, and ''any statement of compromise'' \\cite{${RALLY}}.\n\n`.repeat(300)}\\end{document}\n`;
const TYPST = `${`He said "It did not specify those mechanisms" @${APPEAL}[p. 12], and #quote(attribution: <${RALLY}>)[any statement of compromise].\n\n`.repeat(300)}`;
const MARKDOWN = `${`He said "It did not specify those mechanisms" [@${APPEAL}, p. 12].\n\n`.repeat(300)}`;

test('a draft parsed in the worker is the draft parsed here, in every format', async () => {
  for (const [format, text] of [['latex', LATEX], ['typst', TYPST], ['markdown', MARKDOWN]] as Array<[DraftFormat, string]>) {
    const here = analyzeDraft(text, format);
    const apart = await parseDraftApart(text, format);
    assert.ok(apart !== undefined, `${format}: the worker answered (dist/indexWorker.js is built)`);
    assert.deepEqual(analysisData(apart), analysisData(here), format);
    assert.ok(here.quotations.length >= 300, `${format}: ${here.quotations.length} quotations`);
    // The syntax is made again from the text: it writes what the draft's own writes.
    for (const syntax of [apart.syntax, withSyntax(analysisData(here), text).syntax]) {
      assert.equal(syntax.citation('key'), here.syntax.citation('key'));
      assert.equal(syntax.escape('café – 50 % & more'), here.syntax.escape('café – 50 % & more'));
      assert.equal(syntax.typedKeyAt === undefined, here.syntax.typedKeyAt === undefined);
    }
  }
});
