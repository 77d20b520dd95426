import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MarkupContent } from 'vscode-languageserver-types';
import { quickBibtexEntries } from '../../server/src/readers/bibliography/bibtexEntries';
import { scanBibtex } from '../../server/src/readers/bibliography/bibtexScan';
import { createLanguageService } from '../../server/src/service/languageService';
import { BACKGROUND_INDEX_AT } from '../../server/src/service/sourceSearch';
import { markedDocument, RALLY, seedLibrary } from '../helpers';

// The catalogue in the language service: entries without a full text are citable (no
// unknown-source), complete and hover; a quote citing one gets no-full-text, never a false verdict.

const VERBATIM = 'Any statement of compromise made on behalf of the people of Artsakh is rejected';
const BIB = `@book{dewaal2003,
  title = {Black Garden: {Armenia} and {Azerbaijan} through Peace and War},
  author = {de Waal, Thomas},
  date = {2003},
  publisher = {New York University Press},
  file = {Full Text PDF:storage/X/black.pdf:application/pdf}
}
@article{${RALLY},
  title = {Artsakh Rally, as the Bibliography Names It},
  author = {{Armenian Weekly Staff}},
  date = {2022-10-31},
  journaltitle = {The Armenian Weekly}
}`;

function service() {
  const library = seedLibrary();
  library.catalogue.set({
    uri: 'file:///refs.bib',
    path: 'refs.bib',
    format: 'bibtex',
    ...quickBibtexEntries(scanBibtex(BIB)),
    complete: false,
    noText: { dewaal2003: 'attachment storage/X/black.pdf is missing' },
  });
  return createLanguageService({ library });
}

function diagnostics(draft: string): Array<{ code: string; message: string }> {
  return (service().computeDiagnostics(markedDocument(draft).document) ?? []).map((d) => ({ code: String(d.code), message: typeof d.message === 'string' ? d.message : d.message.value }));
}

describe('bibliography entries in the language service', () => {
  test('a quote citing an entry without full text: no-full-text, and its key is not unknown', () => {
    assert.deepEqual(diagnostics('"A war that neither side could win outright" [@dewaal2003].'), [
      { code: 'no-full-text', message: 'cannot be checked: no full text for @dewaal2003' },
    ]);
  });

  test('cited with a source that has the words: verified; without them: no-full-text names only the text-less entry', () => {
    assert.deepEqual(diagnostics(`"${VERBATIM}" [@${RALLY}; @dewaal2003].`), []);
    assert.deepEqual(diagnostics(`"A war that neither side could win outright" [@${RALLY}; @dewaal2003].`), [
      { code: 'no-full-text', message: 'cannot be checked: no full text for @dewaal2003' },
    ]);
  });

  test('an entry with a full text is checked as its source', () => {
    const found = diagnostics(`"any announcement of compromise made on behalf of the people of Artsakh is rejected" [@${RALLY}].`);
    assert.deepEqual(found.map((d) => d.code), ['misquote']);
  });

  test("a draft's inline references are citable in that draft", () => {
    const draft = `---\nreferences:\n- id: inline2001\n  title: An Inline Reference\n  author: [{family: Roe, given: Richard}]\n  issued: [{year: 2001}]\n---\n\n"Four words quoted here" [@inline2001] and [@unknown2001].\n`;
    assert.deepEqual(diagnostics(draft).map((d) => d.code).sort(), ['no-full-text', 'unknown-source']);
    const { document, offset } = markedDocument(draft.replace('[@inline2001]', '[@inline|2001]'));
    const card = (service().getHover(document, document.positionAt(offset))!.contents as MarkupContent).value;
    assert.match(card, /\*\*Roe, R\. \(2001\)\.\*\* An Inline Reference\./);
    assert.match(card, /inline reference/);
  });

  test('completion offers entries by title words; the card is author-date, with the full text when there is one', () => {
    const svc = service();
    const { document, offset } = markedDocument('See [@black|');
    const items = svc.getCompletionItems(document, document.positionAt(offset)).items;
    const item = items.find((i) => i.label === 'dewaal2003');
    assert.ok(item, items.map((i) => i.label).join(', '));
    assert.equal(item.labelDetails?.description, 'de Waal 2003 — Black Garden: Armenia and Azerbaijan through…');
    const card = (svc.resolveCompletionItem(item).documentation as MarkupContent).value;
    assert.match(card, /^\*\*de Waal, T\. \(2003\)\.\*\* Black Garden: Armenia and Azerbaijan through Peace and War\. \*New York University Press\*\./);
    assert.match(card, /\*No full text\* \(attachment storage\/X\/black\.pdf is missing\)/);
    const rally = markedDocument(`See [@${RALLY}|]`);
    const hover = (svc.getHover(rally.document, rally.document.positionAt(rally.offset - 2))!.contents as MarkupContent).value;
    assert.match(hover, /\*\*Armenian Weekly Staff \(2022\)\.\*\* Artsakh Rally, as the Bibliography Names It\. \*The Armenian Weekly\*\./);
    assert.match(hover, /Full text: `seeds\/000_473b4c7a88a0911c\.txt`/);
  });

  test('a changed bibliography completes as changed: nothing kept for the last version of a large one slips in', () => {
    const library = seedLibrary();
    const entry = (key: string, title: string, family: string) => ({ key, type: 'article', title, authors: [{ family, given: 'Ann', literal: '' }], issued: '2020', container: 'Harbor Times', pages: '', doi: '', url: '', attachments: [], line: 1 });
    // Past BACKGROUND_INDEX_AT: the first completions scan the entries' fields while the word index is built.
    const many = Array.from({ length: BACKGROUND_INDEX_AT + 1_000 }, (_, i) => entry(`message${i}`, `Annual message, part ${i}`, 'Roosevelt'));
    const set = (entries: ReturnType<typeof entry>[]): void =>
      library.catalogue.set({ uri: 'file:///big.bib', path: 'big.bib', format: 'bibtex', entries, problems: [], complete: true, noText: {} });
    set([...many, entry('karabakh2022', 'Karabakh Armenians Appeal to Russia', 'Hakobyan')]);
    const svc = createLanguageService({ library });
    const complete = (draft: string) => {
      const { document, offset } = markedDocument(draft);
      return svc.getCompletionItems(document, document.positionAt(offset)).items;
    };
    const labels = (draft: string): string[] => complete(draft).map((i) => i.label);
    assert.deepEqual(labels('See [@karabakh2022|'), ['karabakh2022']);
    assert.deepEqual(labels('See [@Hakobyan|'), ['karabakh2022']);
    assert.equal(complete('See [@message7|').find((i) => i.label === 'message7')?.detail, 'Annual message, part 7');
    assert.ok(labels('See [@|').includes('message0'));
    // The key renamed, a title and an author changed.
    many[7] = entry('message7', 'Harbor canal treaty', 'Grant');
    set([...many, entry('yerevan2023', 'Karabakh Armenians Appeal to Russia', 'Petrosyan')]);
    assert.deepEqual(labels('See [@karabakh2022|'), []);
    assert.deepEqual(labels('See [@yerevan2023|'), ['yerevan2023']);
    assert.deepEqual(labels('See [@Hakobyan|'), []);
    assert.deepEqual(labels('See [@Petrosyan|'), ['yerevan2023']);
    assert.deepEqual(labels('See [@canal|'), ['message7']);
    assert.deepEqual(labels('See [@Grant|'), ['message7']);
    assert.equal(complete('See [@message7|').find((i) => i.label === 'message7')?.detail, 'Harbor canal treaty');
    // The same after a bare `@` (every citable, built) and once the word index is built.
    assert.ok(labels('See [@|').includes('message0'));
    set(many);
    assert.deepEqual(labels('See [@yerevan2023|'), []);
    assert.deepEqual(labels('See [@Petrosyan|'), []);
  });

  test('a misspelt key is offered the closest entry keys too', () => {
    const found = service().computeDiagnostics(markedDocument('As [@dewaal2030] says.').document) ?? [];
    assert.match(String(found[0]!.message), /did you mean @dewaal2003/);
  });
});

describe('drafts scoped to their own bibliographies', () => {
  // One key in two bibliographies (two libraries that cite the same work): the catalogue holds both,
  // and each draft is shown its own bibliography's entry; a key only the other has is unknown.
  function scopedService() {
    const library = seedLibrary();
    for (const name of ['a', 'b']) {
      const bib = `@article{shared2001, title = {Title ${name}}}\n@article{only${name}2001, title = {Only ${name}}}`;
      library.catalogue.set({ uri: `file:///${name}/refs.bib`, path: `${name}/refs.bib`, format: 'bibtex', ...quickBibtexEntries(scanBibtex(bib)), complete: false, noText: {} });
    }
    const scopes = new Map(['a', 'b'].map((name) => [`file:///${name}/draft.md`, { bibliographies: new Set([`file:///${name}/refs.bib`]) }]));
    return createLanguageService({ library, scopeOf: (uri) => scopes.get(uri) });
  }

  test('a key in both names each draft\'s own entry; a key only the other has is unknown', () => {
    for (const [name, other] of [['a', 'b'], ['b', 'a']]) {
      const { document, offset } = markedDocument(`As [@sh|ared2001] and [@only${other}2001] and [@only${name}2001].`, `file:///${name}/draft.md`);
      const hover = scopedService().getHover(document, document.positionAt(offset));
      assert.match((hover!.contents as MarkupContent).value, new RegExp(`Title ${name}`));
      const found = scopedService().computeDiagnostics(document) ?? [];
      assert.deepEqual(found.map((d) => [d.code, d.message]), [['unknown-source', `no source has the key "only${other}2001"; did you mean @only${name}2001?`]]);
    }
  });
});
