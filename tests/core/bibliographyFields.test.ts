/**
 * Bibliography fields as Pandoc's citeproc reads them (issue 24): titles composed from `subtitle`,
 * `titleaddon` and `maintitle`, BibLaTeX's crossref inheritance, dates BC and ranges, rich text in
 * titles (plain for matching, formatted for cards), `<` in a title. Each expectation is what
 * `pandoc -f biblatex -t csljson` (or `-f csljson`) gives for the same entry.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { authorDateCitation } from '../../server/src/core/library/authorDate';
import type { BibEntry } from '../../server/src/core/library/bibEntry';
import { richTextMarkdown, richTextPlain } from '../../server/src/core/library/richText';
import { fullBibtexEntriesSlice, needsFullParser, quickBibtexEntries } from '../../server/src/readers/bibliography/bibtexEntries';
import { scanBibtex } from '../../server/src/readers/bibliography/bibtexScan';
import { inheritedNames } from '../../server/src/readers/bibliography/crossref';
import { readCslJson } from '../../server/src/readers/bibliography/cslJson';
import { readCslYaml } from '../../server/src/readers/bibliography/cslYaml';
import { loadBibtexParser } from '../../server/src/readers/bibliography/bibtexEntries';
import { escapeMarkdown } from '../../server/src/service/sourceCard';

const BIB = String.raw`
@book{knuth, author={Knuth, Donald}, title={The {METAFONTbook}}, maintitle={Computers \& Typesetting}, volume={C}, date={1986}}
@book{onlymain, author={X, Y}, maintitle={Only Main}, mainsubtitle={Sub}, date={-0333}}
@inbook{chapter, author={X, Y}, title={Chap}, subtitle={Sub}, titleaddon={Addon}, booktitle={Book}, maintitle={Main}, date={2011/2013}}
@article{less, author={X, Y}, title={Is a < b?}, titleaddon={Comment}, journaltitle={J}, date={2020-05}}
@incollection{child, author={Z, W}, title={In coll}, crossref={parent}}
@inbook{bookchild, title={A Chapter}, crossref={book}}
@book{volume, title={The Volume}, subtitle={Its Subtitle}, maintitle={The Work}, date={1902}}
@online{range, title={Web}, date={2020-01-01/2020-02-01}}
@book{decade, title={Decade}, date={199u}}
@article{rich, title={Mitochondrial \emph{Natrix cetti} and \textsc{xii}\textsuperscript{e} siècle, a < b}, date={2010}}
@collection{parent, editor={Ed, It}, title={The Collection}, date={1999-03-04}, publisher={P}}
@book{book, author={Writer, A}, title={The Book}, date={-0099-07-12}}
`;

/** [key, title, issued, container] of each entry as Pandoc reads it. */
const PANDOC: Array<[string, string, string, string]> = [
  ['knuth', 'Computers & Typesetting', '1986', ''],
  ['onlymain', 'Only Main: Sub', '-334', ''],
  ['chapter', 'Chap: Sub. Addon', '2011/2013', 'Main'],
  ['less', 'Is a < b? Comment', '2020-05', 'J'],
  ['child', 'In coll', '1999-03-04', 'The Collection'],
  ['bookchild', 'A Chapter', '-100-07-12', 'The Book'],
  ['volume', 'The Work: Its Subtitle', '1902', ''],
  ['range', 'Web', '2020-01-01/2020-02-01', ''],
  ['decade', 'Decade', '1990/1999', ''],
  ['rich', 'Mitochondrial Natrix cetti and xiiᵉ siècle, a < b', '2010', ''],
];

function check(entries: readonly BibEntry[], full: boolean): void {
  for (const [key, title, issued, container] of PANDOC) {
    const entry = entries.find((e) => e.key === key)!;
    // The fast pass turns LaTeX into plain text itself; the full parse's markup is kept apart.
    assert.equal(entry.title.normalize('NFKC'), title.normalize('NFKC'), `${key} (${full ? 'full parse' : 'fast pass'})`);
    assert.equal(entry.issued, issued, key);
    if (container) assert.equal(entry.container, container, key);
  }
}

describe('BibLaTeX fields as Pandoc reads them', () => {
  test('the fast pass', () => check(quickBibtexEntries(scanBibtex(BIB)).entries, false));
  test('the full parse, one entry per slice (a crossref parent in another slice still counts)', async () => {
    const parse = await loadBibtexParser();
    const scan = scanBibtex(BIB);
    const entries: BibEntry[] = [];
    for (let from = 0; from < scan.entries.length; from++) entries.push(...fullBibtexEntriesSlice(scan, parse, from, from + 1).entries);
    check(entries, true);
    const rich = entries.find((e) => e.key === 'rich')!;
    assert.equal(rich.richTitle, 'Mitochondrial <i>Natrix cetti</i> and <span style="font-variant:small-caps;">xii</span>ᵉ siècle, a &lt; b');
    assert.equal(richTextMarkdown(rich.richTitle!, escapeMarkdown), 'Mitochondrial *Natrix cetti* and XIIᵉ siècle, a \\< b');
    // Plain LaTeX (text, accents, escaped characters, `Last, First` names) needs no full parser.
    assert.deepEqual(scan.entries.filter(needsFullParser).map((e) => e.key), ['rich']);
    assert.equal(needsFullParser(scanBibtex('@book{a, author={Beethoven, Ludwig van and Ludwig van Beethoven}, title={T}}').entries[0]!), true);
    assert.equal(needsFullParser(scanBibtex('@book{a, author={van Beethoven, Ludwig and M{\\"u}ller, J.}, title={{M}{\\"u}nchen \\& Wien}}').entries[0]!), false);
  });
  test('crossref inheritance follows BibLaTeX’s rules, an inbook’s author is also its bookauthor', () => {
    assert.deepEqual(inheritedNames('book', 'inbook', 'title'), ['booktitle']);
    assert.deepEqual(inheritedNames('mvbook', 'book', 'subtitle'), ['mainsubtitle']);
    assert.deepEqual(inheritedNames('periodical', 'article', 'title'), ['journaltitle']);
    assert.deepEqual(inheritedNames('book', 'inbook', 'author'), ['bookauthor', 'author']);
    assert.deepEqual(inheritedNames('collection', 'incollection', 'shorttitle'), []);
    assert.deepEqual(inheritedNames('book', 'inbook', 'ids'), []);
    assert.deepEqual(inheritedNames('book', 'inbook', 'date'), ['date']);
    const entry = quickBibtexEntries(scanBibtex(BIB)).entries.find((e) => e.key === 'bookchild')!;
    assert.deepEqual(entry.authors.map((a) => a.family), ['Writer']);
  });
  test('a crossref cycle ends where it closes', () => {
    const entries = quickBibtexEntries(scanBibtex('@book{a, title={A}, crossref={b}}\n@book{b, crossref={a}, date={2001}}')).entries;
    assert.deepEqual(entries.map((e) => [e.key, e.title, e.issued]), [['a', 'A', '2001'], ['b', 'A', '2001']]);
  });
  test('years BC and ranges read as writers do', () => {
    const year = (issued: string): string => authorDateCitation({ key: 'k', type: 'book', title: 'T', authors: [{ family: 'Plato', given: '', literal: '' }], issued, container: '', pages: '', doi: '', url: '', attachments: [], line: 1 });
    assert.equal(year('-334'), 'Plato 334 BC');
    assert.equal(year('2011/2013'), 'Plato 2011–2013');
    assert.equal(year('2020-01-01/2020-02-01'), 'Plato 2020');
    assert.equal(year('n.d.'), 'Plato n.d.');
  });
});

describe('CSL rich text', () => {
  test('CSL-JSON titles: plain for matching, the markup kept for display; dates BC and ranges', () => {
    const { entries } = readCslJson(JSON.stringify([
      { id: 'a', title: 'The <b>bold</b> and <i>Natrix</i> of <span style="font-variant:small-caps;">xii</span><sup>e</sup> CO<sub>2</sub>', issued: { 'date-parts': [[-334]] } },
      { id: 'b', title: 'Plain & simple', issued: { 'date-parts': [[2011], [2013]] } },
      { id: 'c', title: 'A verse translation of <span class="nocase"><i>Bella Parisiacae urbis</i></span>' },
    ]));
    assert.deepEqual(entries.map((e) => [e.title, e.issued]), [
      ['The bold and Natrix of xiie CO2', '-334'],
      ['Plain & simple', '2011/2013'],
      ['A verse translation of Bella Parisiacae urbis', ''],
    ]);
    assert.equal(entries[0]!.richTitle, 'The <b>bold</b> and <i>Natrix</i> of <span style="font-variant:small-caps;">xii</span><sup>e</sup> CO<sub>2</sub>');
    assert.equal(entries[1]!.richTitle, undefined);
    assert.equal(richTextMarkdown(entries[0]!.richTitle!, escapeMarkdown), 'The **bold** and *Natrix* of XIIᵉ CO₂');
  });
  test('CSL-YAML (Pandoc Markdown) titles', () => {
    const { entries } = readCslYaml('references:\n- id: y\n  title: "The **bold** and *Natrix* of [xii]{.smallcaps}^e^ CO~2~ and 5 * 3"\n');
    assert.equal(entries[0]!.title, 'The bold and Natrix of xiie CO2 and 5 * 3');
    assert.equal(richTextMarkdown(entries[0]!.richTitle!, escapeMarkdown), 'The **bold** and *Natrix* of XIIᵉ CO₂ and 5 \\* 3');
  });
  test('Markdown marks are text outside CSL-YAML: a tilde in BibTeX, stars in CSL-JSON', async () => {
    const parse = await loadBibtexParser();
    const scan = scanBibtex(String.raw`@online{edtf, title = {{{EDTF}} Range, circa Begin \& End: 2011-05-25\textasciitilde/2012-06-26\textasciitilde}, date = {2011}}`);
    assert.equal(fullBibtexEntriesSlice(scan, parse, 0, 1).entries[0]!.title, 'EDTF Range, circa Begin & End: 2011-05-25~/2012-06-26~');
    const json = readCslJson(JSON.stringify([{ id: 'j', title: 'Around ~10~ and *A* of x^2^' }]));
    assert.equal(json.entries[0]!.title, 'Around ~10~ and *A* of x^2^');
    assert.equal(json.entries[0]!.richTitle, undefined);
  });
  test('keys the parser reads otherwise (a "$" in a key) keep their own fields', async () => {
    const parse = await loadBibtexParser();
    const scan = scanBibtex(String.raw`@article{TitleMath, title = {Title without math $\ell_1$}}
@article{TitleMath$ell_1$, title = {Title with math $\ell_1$}}
@book{medici, author = {family=Medici, given=Lorenzo, prefix=de’\hspace{0pt}, useprefix=false}, title = {A}}`);
    const entries = fullBibtexEntriesSlice(scan, parse, 0, 3);
    assert.deepEqual(entries.entries.map((e) => [e.key, e.title]), [['TitleMath', 'Title without math ℓ₁'], ['TitleMath$ell_1$', 'Title with math ℓ₁'], ['medici', 'A']]);
    assert.equal(entries.entries[2]!.authors[0]!.family, 'de’ Medici');
    assert.deepEqual(entries.problems, []);
  });
  test('text that only looks like markup stays', () => {
    for (const text of ['A* search and B* trees', 'a < b and c > d', '~10 years', 'x^2 + y^2']) assert.equal(richTextPlain(text), text);
  });
});
