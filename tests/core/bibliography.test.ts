import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { authorDateCitation, authorDateText } from '../../server/src/core/library/authorDate';
import { creatorName, creatorNames, searchText, type BibEntry } from '../../server/src/core/library/bibEntry';
import { fullBibtexEntriesSlice, quickBibtexEntries, splitNames } from '../../server/src/readers/bibliography/bibtexEntries';
import { readBibliography } from '../../server/src/readers/bibliography/bibliographyReader';
import { scanBibtex } from '../../server/src/readers/bibliography/bibtexScan';
import { readCslJson } from '../../server/src/readers/bibliography/cslJson';
import { readCslYaml } from '../../server/src/readers/bibliography/cslYaml';
import { draftBibliography } from '../../server/src/readers/bibliography/draftBibliography';
import { parseFileField } from '../../server/src/readers/bibliography/fileField';
import { latexToText } from '../../server/src/readers/bibliography/latexText';
import { loadBibtexParser } from '../../server/src/readers/bibliography/bibtexEntries';
import { REPO } from '../helpers';

const FIXTURES = path.join(REPO, 'tests', 'fixtures', 'bibliography');
const fixture = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const byKey = (entries: readonly BibEntry[]): Map<string, BibEntry> => new Map(entries.map((e) => [e.key, e]));

test("the key search's text: each field lower-cased alone, however the whole is lower-cased (final sigma, İ, ligatures)", () => {
  const entry = (key: string, title: string, family: string, container: string): BibEntry => ({
    key, type: 'article', title, authors: family === '' ? [] : [{ family, given: 'Ann', literal: '' }], issued: '', container, pages: '', doi: '', url: '', attachments: [], line: 1,
  });
  const fieldByField = (entries: readonly BibEntry[]): string => entries.flatMap((e) => [e.key, e.title, creatorNames(e.authors), e.container]).map((f) => `${f.toLowerCase()}\n`).join('');
  const cases = [
    [entry('Odos1', 'ΟΔΟΣ', 'ΣΑΣ', 'ΤΗΣ ΩΡΑΣ'), entry('b', 'Σ', '', 'ﬁn ΑΣ')],
    [entry('ist', 'İstanbul Σ', 'İnce', 'ΑΣ'), entry('c', 'Straße', 'ÖZ', '')],
    [entry('plain', 'Peace Treaty', 'Müller', 'Harbor Times')],
  ];
  for (const entries of cases) {
    const kept = searchText(entries);
    assert.equal(kept.text, fieldByField(entries));
    assert.equal(kept.starts.length, entries.length * 4 + 1);
    assert.equal(kept.starts[entries.length * 4], kept.text.length);
    entries.forEach((e, i) => assert.equal(kept.text.slice(kept.starts[i * 4], kept.starts[i * 4 + 1]! - 1), e.key.toLowerCase()));
  }
});

describe('LaTeX to text', () => {
  const cases: Array<[string, string]> = [
    ['M{\\"u}ller', 'Müller'],
    ['M\\"{u}ller', 'Müller'],
    ['M\\"uller', 'Müller'],
    ["Caf{\\'e}", 'Café'],
    ["\\'{E}t\\'{e}", 'Été'],
    ['Fran\\c{c}ois', 'François'],
    ['Fran\\c cois', 'François'],
    ['Dvo\\v{r}\\\'{a}k', 'Dvořák'],
    ["na\\\"{\\i}ve", 'naïve'],
    ['Stra\\ss{}e', 'Straße'],
    ['{\\O}rsted and {\\aa}', 'Ørsted and å'],
    ['Smith \\& Sons, 50\\% off, \\$5', 'Smith & Sons, 50% off, $5'],
    ['pages 12--14 --- an aside', 'pages 12–14 — an aside'],
    ["``quoted'' and `single'", "“quoted” and ‘single'"],
    ['The {NASA} \\emph{Space} \\textbf{Race}', 'The NASA Space Race'],
    ['Mr.~Smith', 'Mr. Smith'],
    ['A \\mkbibquote{quoted} title\\footnote{dropped}', 'A quoted title'],
    ['  spaced\n  over lines ', 'spaced over lines'],
    ['$E=mc^2$', 'E=mc^2'],
    ['\\L{}\\\'od\\\'z', 'Łódź'],
    ['trailing backslash \\', 'trailing backslash'],
  ];
  for (const [latex, text] of cases) test(`${latex} → ${text}`, () => assert.equal(latexToText(latex), text));
});

describe('BibTeX names', () => {
  test('last-first, first-last, von parts, literal braces, "others"', () => {
    const names = splitNames('M{\\"u}ller, Hans and John Smith and Ludwig van Beethoven and {World Health Organization} and others');
    assert.deepEqual(names, [
      { family: 'Müller', given: 'Hans', literal: '' },
      { family: 'Smith', given: 'John', literal: '' },
      { family: 'van Beethoven', given: 'Ludwig', literal: '' },
      { family: '', given: '', literal: 'World Health Organization' },
    ]);
  });
  test('"and" inside braces does not split', () => {
    assert.deepEqual(splitNames('{Smith and Sons}'), [{ family: '', given: '', literal: 'Smith and Sons' }]);
  });
});

describe('BibTeX fast scan', () => {
  test('every export form: keys, lines, macros, concatenation', () => {
    const { entries, problems } = quickBibtexEntries(scanBibtex(fixture('zotero-forms.bib')));
    assert.deepEqual(problems, []);
    assert.deepEqual(entries.map((e) => [e.key, e.line]), [
      ['raw2020', 4], ['bbt2021', 13], ['zotero2019', 21], ['jabref2018', 28], ['mendeley2017', 36], ['windowsraw2016', 43],
    ]);
    const e = byKey(entries);
    assert.equal(e.get('raw2020')!.container, 'The New York Times');
    assert.equal(e.get('raw2020')!.issued, '2020-03');
    assert.equal(e.get('bbt2021')!.container, 'Journal of Escapes');
    assert.equal(e.get('bbt2021')!.issued, '2021-05-06');
    assert.equal(e.get('bbt2021')!.authors.length, 3);
    assert.deepEqual(e.get('jabref2018')!.authors, [{ family: 'van der Berg', given: 'Anna', literal: '' }]);
    assert.equal(e.get('jabref2018')!.title, 'A JabRef Book with Parentheses');
    assert.equal(e.get('windowsraw2016')!.url, 'https://example.org/a_b%20c');
  });

  test('a broken entry costs itself: every good entry kept, each broken one reported at its line', () => {
    const { entries, problems } = quickBibtexEntries(scanBibtex(fixture('broken.bib')));
    assert.deepEqual(entries.map((e) => e.key), ['good1', 'good2', 'good3', 'good4']);
    assert.equal(byKey(entries).get('good1')!.title, 'The First Good Entry');
    assert.equal(byKey(entries).get('good3')!.title, 'Quoted Été');
    assert.deepEqual(problems.map((p) => [p.line, p.key]), [
      [7, 'unbalanced'], [18, 'noequals'], [28, 'good1'], [32, undefined], [36, 'unclosed'],
    ]);
    assert.match(problems[0]!.message, /unbalanced braces/);
    assert.match(problems[1]!.message, /has no "="/);
    assert.match(problems[2]!.message, /duplicate key good1 \(first at line 1\)/);
    assert.match(problems[3]!.message, /without a key/);
  });

  test('an entry in parentheses, as BibTeX allows', () => {
    const { entries } = quickBibtexEntries(scanBibtex('@book(paren2018,\n  title = "In (Parentheses)",\n  year = {2018}\n)\n@misc{after, title={After}}'));
    assert.deepEqual(entries.map((e) => [e.key, e.title, e.line]), [['paren2018', 'In (Parentheses)', 1], ['after', 'After', 5]]);
  });

  test('comments, @preamble and stray @ signs are not entries', () => {
    const text = '@comment{jabref-meta: x}\n@preamble{"\\newcommand{\\x}{y}"}\nMail me at name@example.org.\n@misc{k, title={T}}\n';
    const { entries, problems } = quickBibtexEntries(scanBibtex(text));
    assert.deepEqual(entries.map((e) => [e.key, e.line, e.title]), [['k', 4, 'T']]);
    assert.deepEqual(problems, []);
  });

  test('binary-looking and empty input give no entries and no exception', () => {
    assert.deepEqual(scanBibtex('').entries, []);
    assert.deepEqual(scanBibtex('@@@@{{{{}}}}').entries, []);
    assert.equal(scanBibtex('@article{x, title = {' + '{'.repeat(10000)).problems.length, 1);
  });

  test('a 20,000-entry file is scanned in one linear pass (every key, in order)', () => {
    const parts: string[] = [];
    for (let i = 0; i < 20000; i++) parts.push(`@article{key${i},\n  title = {Title {${i}}},\n  author = {M{\\"u}ller, H.},\n  year = {2016}\n}\n`);
    const { entries } = quickBibtexEntries(scanBibtex(parts.join('\n')));
    assert.equal(entries.length, 20000);
    assert.equal(entries[19999]!.key, 'key19999');
    assert.equal(entries[19999]!.line, 19999 * 6 + 1);
    assert.equal(entries[0]!.authors[0]!.family, 'Müller');
  });
});

describe('BibTeX full parse (@retorquere/bibtex-parser)', () => {
  test('gives the same keys, lines and attachments as the fast scan, with full LaTeX and names', async () => {
    const parse = await loadBibtexParser();
    for (const name of ['zotero-forms.bib', 'broken.bib']) {
      const text = fixture(name);
      const scan = scanBibtex(text);
      const quick = quickBibtexEntries(scan).entries;
      const full = fullBibtexEntriesSlice(scan, parse, 0, scan.entries.length).entries;
      assert.deepEqual(full.map((e) => [e.key, e.line, e.attachments]), quick.map((e) => [e.key, e.line, e.attachments]), name);
    }
    const text = fixture('zotero-forms.bib');
    const scan = scanBibtex(text);
    const full = byKey(fullBibtexEntriesSlice(scan, parse, 0, scan.entries.length).entries);
    assert.equal(full.get('raw2020')!.container, 'The New York Times');
    assert.equal(full.get('zotero2019')!.authors[0]!.given, 'Seán');
    assert.deepEqual(full.get('jabref2018')!.authors, [{ family: 'van der Berg', given: 'Anna', literal: '' }]);
  });
});

describe('file field', () => {
  test('one raw path', () => {
    assert.deepEqual(parseFileField('storage/RAW/raw.pdf'), [{ path: 'storage/RAW/raw.pdf', title: '', mime: '' }]);
  });
  test('Better BibTeX: paths joined by ";" with \\ { } : ; escaped', () => {
    assert.deepEqual(
      parseFileField('/home/ann/Zotero/storage/AB12CD34/odd\\;name.pdf;/home/ann/page.html;relative/notes\\{1\\}.txt;/tmp/a\\:b.txt').map((a) => a.path),
      ['/home/ann/Zotero/storage/AB12CD34/odd;name.pdf', '/home/ann/page.html', 'relative/notes{1}.txt', '/tmp/a:b.txt'],
    );
  });
  test("Zotero's title:path:mime records with escaped Windows paths, several attachments", () => {
    assert.deepEqual(
      parseFileField('Full Text PDF:C\\:\\\\Users\\\\ann\\\\Zotero\\\\storage\\\\ZZ9XK2QA\\\\paper.pdf:application/pdf;Snapshot:C\\:\\\\Users\\\\ann\\\\page.html:text/html'),
      [
        { path: 'C:\\Users\\ann\\Zotero\\storage\\ZZ9XK2QA\\paper.pdf', title: 'Full Text PDF', mime: 'application/pdf' },
        { path: 'C:\\Users\\ann\\page.html', title: 'Snapshot', mime: 'text/html' },
      ],
    );
  });
  test('Zotero escapes $ too; JabRef and Mendeley forms', () => {
    assert.deepEqual(parseFileField('Price:files/cost\\$5.pdf:application/pdf')[0]!.path, 'files/cost$5.pdf');
    assert.deepEqual(parseFileField(':papers/book.pdf:PDF'), [{ path: 'papers/book.pdf', title: '', mime: 'application/pdf' }]);
    assert.deepEqual(parseFileField(':C$\\backslash$:/Users/ann/Mendeley/who{\\_}report.pdf:pdf'), [{ path: 'C:/Users/ann/Mendeley/who_report.pdf', title: '', mime: 'application/pdf' }]);
  });
  test('a raw Windows path keeps its drive and backslashes', () => {
    assert.deepEqual(parseFileField('C:\\Users\\ann\\Documents\\raw.txt'), [{ path: 'C:\\Users\\ann\\Documents\\raw.txt', title: '', mime: '' }]);
  });
  test('empty and separator-only fields name nothing', () => {
    assert.deepEqual(parseFileField(''), []);
    assert.deepEqual(parseFileField(' ; ;'), []);
  });
  test('the fixture file forms end to end', () => {
    const e = byKey(quickBibtexEntries(scanBibtex(fixture('zotero-forms.bib'))).entries);
    assert.deepEqual(e.get('bbt2021')!.attachments.map((a) => a.path), ['/home/ann/Zotero/storage/AB12CD34/odd;name.pdf', '/home/ann/Zotero/storage/AB12CD34/page.html', 'relative/notes{1}.txt']);
    assert.deepEqual(e.get('zotero2019')!.attachments.map((a) => a.mime), ['application/pdf', 'text/html']);
    assert.equal(e.get('mendeley2017')!.attachments[0]!.path, 'C:/Users/ann/Mendeley/who_report.pdf');
    assert.equal(e.get('windowsraw2016')!.attachments[0]!.path, 'C:\\Users\\ann\\Documents\\raw.txt');
  });
});

describe('CSL-JSON and CSL-YAML', () => {
  test('CSL-JSON items with dates, names, pages, DOI and lines', () => {
    const { entries, problems } = readCslJson(fixture('library.json'));
    assert.deepEqual(problems, []);
    assert.deepEqual(entries.map((e) => [e.key, e.issued, e.line]), [['doe2020', '2020-03-04', 3], ['roe2019', '2019-07', 14], ['undated', '', 21]]);
    assert.equal(entries[0]!.container, 'The Daily');
    assert.equal(entries[0]!.doi, '10.1000/xyz');
    assert.deepEqual(entries[1]!.authors, [{ family: 'de Roe', given: 'Richard', literal: '' }]);
  });
  test('broken CSL-JSON: the good items are kept and the broken one reported at its line', () => {
    const text = '[\n  {"id": "a", "title": "A"},\n  {"id": "b", "title": "B" "oops": 1},\n  {"title": "no id"},\n  {"id": "c", "title": "C"}\n]\n';
    const { entries, problems } = readCslJson(text);
    assert.deepEqual(entries.map((e) => e.key), ['a', 'c']);
    assert.deepEqual(problems.map((p) => p.line), [3, 4]);
    assert.match(problems[0]!.message, /broken item b/);
    assert.match(problems[1]!.message, /without an "id"/);
  });
  test('not a bibliography at all', () => {
    assert.match(readCslJson('{"a": 1}').problems[0]!.message, /not a CSL-JSON bibliography/);
    assert.equal(readCslJson('\u0000\u0001garbage').entries.length, 0);
  });
  test("CSL-YAML with the references wrapper and Better BibTeX's dates", () => {
    const { entries, problems } = readCslYaml(fixture('library.yaml'));
    assert.deepEqual(problems, []);
    assert.deepEqual(entries.map((e) => [e.key, e.issued, e.line]), [['smith2016', '2016-05', 3], ['jones2015', '2015', 14], ['2014numeric', '2014', 23]]);
  });
  test('CSL-YAML as a bare list, between Pandoc fences, and broken', () => {
    assert.deepEqual(readCslYaml('- id: a\n  title: A\n- id: b\n').entries.map((e) => e.key), ['a', 'b']);
    assert.deepEqual(readCslYaml('---\nreferences:\n- id: a\n---\n').entries.map((e) => e.key), ['a']);
    const broken = readCslYaml('references:\n- id: a\n  title: "unclosed\n- id: b\n');
    assert.ok(broken.problems.length >= 1);
    assert.match(readCslYaml('just: a mapping').problems[0]!.message, /not a CSL-YAML bibliography/);
  });
  test('readBibliography dispatches by form; BibTeX needs a full parse, CSL does not', () => {
    assert.equal(readBibliography(fixture('zotero-forms.bib'), 'bibtex').complete, false);
    assert.equal(readBibliography(fixture('library.json'), 'csl-json').complete, true);
  });
});

describe("a draft's front matter", () => {
  test('bibliography: one path or a list, and inline references', () => {
    assert.deepEqual(draftBibliography('---\nbibliography: refs.bib\n---\ntext').files, ['refs.bib']);
    assert.deepEqual(draftBibliography('---\nbibliography:\n  - a.bib\n  - b.json\n---\n').files, ['a.bib', 'b.json']);
    const inline = draftBibliography('---\nreferences:\n- id: inline1\n  title: Inline\n  issued: [{year: 2001}]\n---\n').inline;
    assert.deepEqual(inline.entries.map((e) => [e.key, e.title, e.issued]), [['inline1', 'Inline', '2001']]);
    assert.deepEqual(draftBibliography('no front matter').files, []);
    assert.deepEqual(draftBibliography('---\nbibliography: [\n---\n').files, []);
  });
});

describe('author-date formatting', () => {
  const entry = (over: Partial<BibEntry>): BibEntry => ({
    key: 'k', type: 'article', title: 'A Title', authors: [], issued: '', container: '', pages: '', doi: '', url: '', attachments: [], line: 1, ...over,
  });
  test('reference and in-text forms', () => {
    const two = entry({ authors: [{ family: 'Müller', given: 'Hans Peter', literal: '' }, { family: 'Král', given: 'Jean-Paul', literal: '' }], issued: '2021-03', container: 'Journal', pages: '12--14', doi: '10.1/x' });
    assert.equal(authorDateText(two), 'Müller, H. P., & Král, J.-P. (2021). A Title. Journal, 12–14. https://doi.org/10.1/x');
    assert.equal(authorDateCitation(two), 'Müller & Král 2021');
    const many = entry({ authors: [1, 2, 3].map((n) => ({ family: `F${n}`, given: '', literal: '' })), issued: '2020' });
    assert.equal(authorDateCitation(many), 'F1 et al. 2020');
    assert.equal(authorDateText(entry({ url: 'https://x.org' })), 'A Title (n.d.). https://x.org');
    assert.equal(authorDateText(entry({ authors: [{ family: '', given: '', literal: 'WHO' }], issued: '2017' })), 'WHO (2017). A Title.');
  });
});

test('Hayagriva YAML (Typst): keys mapped to entries, with authors, dates, containers, DOIs and URLs', () => {
  const text = [
    'harry:',
    '  type: Book',
    '  title: Harry Potter and the Order of the Phoenix',
    '  author: Rowling, J. K.',
    '  date: 2003-06-21',
    'electronic:',
    '  type: Web',
    '  title: {value: "Ishkur\'s Guide to Electronic Music", short: Guide}',
    '  author: [Ishkur, {name: Smith, given-name: Ann}]',
    '  url: {value: http://www.techno.org/guide/, date: 2020-01-01}',
    '  serial-number: {doi: 10.1000/xyz}',
    '  parent: {type: Periodical, title: Techno Times}',
    '',
  ].join('\n');
  const { entries, problems } = readCslYaml(text);
  assert.deepEqual(problems, []);
  assert.deepEqual(
    entries.map((e) => [e.key, e.type, e.title, e.authors.map(creatorName).join('; '), e.issued, e.container, e.doi, e.url, e.line]),
    [
      ['harry', 'book', 'Harry Potter and the Order of the Phoenix', 'J. K. Rowling', '2003-06-21', '', '', '', 1],
      ['electronic', 'web', "Ishkur's Guide to Electronic Music", 'Ishkur; Ann Smith', '', 'Techno Times', '10.1000/xyz', 'http://www.techno.org/guide/', 6],
    ],
  );
});
