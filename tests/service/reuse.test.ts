import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import type { VerbatimDiagnosticData } from '../../server/src/service/diagnostics';
import { createLanguageService } from '../../server/src/service/languageService';
import { DEFAULT_SERVICE_SETTINGS, type ServiceSettings } from '../../server/src/service/serviceContext';
import { quickBibtexEntries } from '../../server/src/readers/bibliography/bibtexEntries';
import { scanBibtex } from '../../server/src/readers/bibliography/bibtexScan';
import { APPEAL, RALLY, seedLibrary, seedText } from '../helpers';

const COPIED = 'Karabakh leaders said last week that Russian peace proposals made recently are far more beneficial';

function check(text: string, settings: Partial<ServiceSettings> = {}, uri = 'file:///draft.md', languageId = 'markdown') {
  const service = createLanguageService({ library: seedLibrary(), settings: () => ({ ...DEFAULT_SERVICE_SETTINGS, ...settings }) });
  const document = TextDocument.create(uri, languageId, 1, text);
  const diagnostics = service.computeDiagnostics(document) ?? [];
  return { service, document, diagnostics, reuse: diagnostics.filter((d) => d.code === 'unquoted-reuse') };
}

function applied(text: string, edit: TextEdit): string {
  const document = TextDocument.create('file:///x.md', 'markdown', 1, text);
  return TextDocument.applyEdits(document, [edit]);
}

test('a copied run gets one unquoted-reuse diagnostic naming the source, the word count and the passage', () => {
  const text = `# Notes\n\nIn my view, ${COPIED}, which nobody disputes.\n`;
  const { document, reuse } = check(text);
  assert.equal(reuse.length, 1);
  const diagnostic = reuse[0]!;
  assert.equal(diagnostic.severity, DiagnosticSeverity.Information);
  assert.equal(diagnostic.source, 'verbatim');
  assert.equal(document.getText(diagnostic.range), COPIED);
  assert.equal(diagnostic.message, `15 words from @${APPEAL} ("Karabakh Armenians Appeal to Russia") without quotation marks`);
  const related = diagnostic.relatedInformation?.[0];
  assert.ok(related?.location.uri.endsWith(`${APPEAL}.txt`));
  const source = TextDocument.create('file:///s.txt', 'plaintext', 1, seedText(APPEAL));
  assert.equal(source.getText(related!.location.range), COPIED);
  const data = diagnostic.data as VerbatimDiagnosticData;
  assert.equal(data.key, APPEAL);
  assert.equal(data.source?.key, APPEAL);
});

test('"Quote and cite" wraps the run in the draft\'s quotation marks and cites the source', () => {
  const text = `As «the rally showed» [@${RALLY}], ${COPIED}.\n`;
  const { reuse } = check(text);
  const fix = (reuse[0]!.data as VerbatimDiagnosticData).fixes[0]!;
  assert.equal(fix.title, `Quote and cite @${APPEAL}`);
  assert.equal(applied(text, fix), `As «the rally showed» [@${RALLY}], «${COPIED}» [@${APPEAL}].\n`);
  // Already followed by its citation: only the quotation marks are added.
  const cited = `They say ${COPIED} [@${APPEAL}].\n`;
  const again = (check(cited).reuse[0]!.data as VerbatimDiagnosticData).fixes[0]!;
  assert.equal(applied(cited, again), `They say “${COPIED}” [@${APPEAL}].\n`);
});

test('a run with a changed word names it, and the fix restores the source\'s word', () => {
  const changed = COPIED.replace('recently', 'lately');
  const text = `In my view, ${changed}, which nobody disputes.\n`;
  const { reuse } = check(text);
  assert.equal(reuse.length, 1);
  assert.match(String(reuse[0]!.message), /source says "recently", not "lately"/);
  const fix = (reuse[0]!.data as VerbatimDiagnosticData).fixes[0]!;
  assert.equal(applied(text, fix), `In my view, “${COPIED}” [@${APPEAL}], which nobody disputes.\n`);
});

test('the code actions of a reuse diagnostic: "Quote and cite" and "Show passage"', () => {
  const text = `In my view, ${COPIED}.\n`;
  const { service, document, reuse } = check(text);
  const actions = service.getCodeActions(document, reuse[0]!.range, reuse as Diagnostic[]);
  const titles = actions.map((a) => a.title);
  assert.ok(titles.includes(`Quote and cite @${APPEAL}`), titles.join(' | '));
  const show = actions.find((a) => a.title === `Show passage in @${APPEAL}`);
  assert.ok(show?.command, titles.join(' | '));
  assert.ok(String(show.command.arguments?.[0]).endsWith(`${APPEAL}.txt`));
});

test('settings: the check turns off, its run length and severity change', () => {
  const text = `In my view, ${COPIED}.\n`;
  assert.equal(check(text, { reuseEnabled: false }).reuse.length, 0);
  assert.equal(check(text, { reuseMinWords: 16 }).reuse.length, 0);
  assert.equal(check(text, { reuseMinWords: 15 }).reuse.length, 1);
  assert.equal(check(text, { reuseSeverity: 'warning' }).reuse[0]?.severity, DiagnosticSeverity.Warning);
});

test('quoted, cited and coded copies are not reuse; quote diagnostics are unchanged by the check', () => {
  const text = `They wrote "${COPIED}" [@${APPEAL}] and \`${COPIED}\`.\n\n> ${COPIED}\n`;
  const { diagnostics } = check(text);
  // The block quote has no citation: the quote check says so, and nothing is reuse.
  assert.deepEqual(diagnostics.map((d) => d.code), ['unattributed-quote']);
});

test('a LaTeX draft\'s fix cites in LaTeX', () => {
  const text = `\\documentclass{article}\n\\begin{document}\nIn my view, ${COPIED}, which nobody disputes.\n\\end{document}\n`;
  const { reuse } = check(text, {}, 'file:///draft.tex', 'latex');
  assert.equal(reuse.length, 1);
  const fix = (reuse[0]!.data as VerbatimDiagnosticData).fixes[0]!;
  assert.match(fix.newText, new RegExp(`\\\\\\w*cite\\w*\\{${APPEAL}\\}$`));
});

test('LaTeX and Typst headings, labels and cross-references are not prose; the paragraph after a heading is', () => {
  const latex = [
    '\\documentclass{article}',
    '\\begin{document}',
    `\\section{${COPIED}}\\label{sec:intro}`,
    'My own words follow the heading on the next line, as LaTeX writers do.',
    '',
    `\\subsection*[Short]{${COPIED}}`,
    `In my view, ${COPIED}, which nobody disputes (see Section~\\ref{sec:intro}).`,
    '\\end{document}',
    '',
  ].join('\n');
  const inLatex = check(latex, {}, 'file:///draft.tex', 'latex');
  assert.deepEqual(inLatex.reuse.map((d) => inLatex.document.getText(d.range)), [COPIED]);
  assert.equal(inLatex.reuse[0]!.range.start.line, 6);
  const typst = [`= ${COPIED}`, 'My own words follow the heading on the next line.', '', `#heading(level: 2)[${COPIED}]`, '', `In my view, ${COPIED}, which nobody disputes (@intro).`, '', '== Intro <intro>', ''].join('\n');
  const inTypst = check(typst, {}, 'file:///draft.typ', 'typst');
  assert.deepEqual(inTypst.reuse.map((d) => d.range.start.line), [5]);
});

test('a LaTeX draft\'s fix quotes as the draft quotes, keeps the run\'s markup and cites with its command', () => {
  const emphasised = COPIED.replace('Russian peace proposals', '\\emph{Russian peace} proposals');
  const body = (extra: string) =>
    `\\documentclass{article}\n\\usepackage{csquotes}\n\\begin{document}\nAs \\enquote{the rally showed} \\parencite{${RALLY}}, ${extra}, which nobody disputes.\n\\end{document}\n`;
  const text = body(emphasised);
  const { reuse } = check(text, {}, 'file:///draft.tex', 'latex');
  assert.equal(reuse.length, 1);
  const fix = (reuse[0]!.data as VerbatimDiagnosticData).fixes[0]!;
  assert.equal(applied(text, fix), body(`\\enquote{${emphasised}} \\parencite{${APPEAL}}`));
  // A run that starts inside an emphasis: the quotation takes the whole group.
  const inside = `\\emph{Karabakh leaders} said${COPIED.slice('Karabakh leaders said'.length)}`;
  const second = body(inside);
  const [run] = check(second, {}, 'file:///draft.tex', 'latex').reuse;
  assert.equal(applied(second, (run!.data as VerbatimDiagnosticData).fixes[0]!), body(`\\enquote{${inside}} \\parencite{${APPEAL}}`));
  // TeX's own marks where the draft quotes with them (and loads no csquotes); a changed word restored.
  const tex = `\\documentclass{article}\n\\begin{document}\nThey said \`\`the rally showed'' \\citep{${RALLY}} and ${COPIED.replace('recently', 'lately')}.\n\\end{document}\n`;
  const [changed] = check(tex, {}, 'file:///draft.tex', 'latex').reuse;
  assert.equal(applied(tex, (changed!.data as VerbatimDiagnosticData).fixes[0]!), tex.replace(COPIED.replace('recently', 'lately'), `\`\`${COPIED}'' \\citep{${APPEAL}}`));
});

test('a Typst draft\'s fix quotes in Typst and cites with @key, keeping the run\'s markup', () => {
  const emphasised = COPIED.replace('Russian peace', '*Russian peace*');
  const text = `In my view, ${emphasised}, which nobody disputes.\n`;
  const { reuse } = check(text, {}, 'file:///draft.typ', 'typst');
  assert.equal(reuse.length, 1);
  assert.equal(applied(text, (reuse[0]!.data as VerbatimDiagnosticData).fixes[0]!), `In my view, "${emphasised}" #cite(label("${APPEAL}")), which nobody disputes.\n`);
  const inside = `#emph[Karabakh leaders] said${COPIED.slice('Karabakh leaders said'.length)}`;
  const second = `As #quote[the rally showed] @${RALLY}, ${inside}.\n`;
  const [run] = check(second, {}, 'file:///draft.typ', 'typst').reuse;
  assert.equal(applied(second, (run!.data as VerbatimDiagnosticData).fixes[0]!), `As #quote[the rally showed] @${RALLY}, #quote[${inside}] #cite(label("${APPEAL}")).\n`);
});

test('a source the draft may not see (another draft\'s bibliography\'s full text) is never named nor counted', () => {
  const library = seedLibrary();
  for (const name of ['a', 'b']) {
    const bib = `@article{${name}work2001, title = {Work ${name}}}`;
    library.catalogue.set({ uri: `file:///${name}/refs.bib`, path: `${name}/refs.bib`, format: 'bibtex', ...quickBibtexEntries(scanBibtex(bib)), complete: false, noText: {} });
  }
  const own = 'Every word of this sentence was written by the other writer for her own notes, never published anywhere';
  const draft = `In my view, ${COPIED}, which nobody disputes.\n\n${own}.\n`;
  // b's full text holds the whole first paragraph (more words than the seed article) and the second.
  library.addText({ uri: 'file:///b/work.txt', path: 'b/work.txt', text: `${draft}\n`, declared: { key: 'bwork2001', fields: {} } });
  const scopes = new Map(['a', 'b'].map((name) => [`file:///${name}/draft.md`, { bibliographies: new Set([`file:///${name}/refs.bib`]) }]));
  const service = createLanguageService({ library, scopeOf: (uri) => scopes.get(uri) });
  const reuseOf = (uri: string) => {
    const document = TextDocument.create(uri, 'markdown', 1, draft);
    return (service.computeDiagnostics(document) ?? []).filter((d) => d.code === 'unquoted-reuse').map((d) => [document.getText(d.range), String(d.message)]);
  };
  // Draft a may not see b's full text: the seed article is named, alone; the run only b holds is none.
  assert.deepEqual(reuseOf('file:///a/draft.md'), [[COPIED, `15 words from @${APPEAL} ("Karabakh Armenians Appeal to Russia") without quotation marks`]]);
  // Draft b may: its own full text holds more of the paragraph (21 words), and the other one.
  const b = reuseOf('file:///b/draft.md');
  assert.deepEqual(b.map(([run]) => run), [`In my view, ${COPIED}, which nobody disputes`, own]);
  assert.match(b[0]![1]!, /^21 words from @bwork2001 /);
});

test('a Markdown run starting inside an emphasis is quoted with the whole emphasis', () => {
  const inside = `*Karabakh leaders* said${COPIED.slice('Karabakh leaders said'.length)}`;
  const text = `In my view, ${inside}, which nobody disputes.\n`;
  const { reuse } = check(text);
  assert.equal(reuse.length, 1);
  assert.equal(applied(text, (reuse[0]!.data as VerbatimDiagnosticData).fixes[0]!), `In my view, “${inside}” [@${APPEAL}], which nobody disputes.\n`);
  // An underscore inside a word is no emphasis.
  const snake = `In my view, ${COPIED.replace('last week', 'last_week')} on the whole.\n`;
  for (const d of check(snake).reuse) assert.ok(!(d.data as VerbatimDiagnosticData).fixes[0]!.newText.startsWith('“_'));
});
