import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CompletionItem, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../server/src/service/languageService';
import { APPEAL, markedDocument, RALLY, seedLibrary } from '../helpers';

const library = seedLibrary();
const service = createLanguageService({ library });

function at(marked: string): { document: TextDocument; position: { line: number; character: number } } {
  const { document, offset } = markedDocument(marked);
  return { document, position: document.positionAt(offset) };
}

function completions(marked: string): CompletionItem[] {
  const { document, position } = at(marked);
  return service.getCompletionItems(document, position).items;
}

function hoverText(marked: string): string {
  const { document, position } = at(marked);
  const hover = service.getHover(document, position);
  return hover ? (hover.contents as MarkupContent).value : '';
}

describe('citation completion', () => {
  test('after "[@" every source is offered with its title', () => {
    const items = completions('See [@|]');
    assert.deepEqual(items.map((i) => i.label).sort(), [RALLY, APPEAL].sort());
    const appeal = items.find((i) => i.label === APPEAL)!;
    assert.equal(appeal.detail, 'Karabakh Armenians Appeal to Russia');
    assert.equal(appeal.documentation, undefined, 'the card comes on resolve');
    assert.match((service.resolveCompletionItem(appeal).documentation as MarkupContent).value, /Azatutyun/);
    assert.deepEqual((appeal.textEdit as TextEdit).range, { start: { line: 0, character: 6 }, end: { line: 0, character: 6 } });
  });

  test('words of a title find the source (fuzzy over metadata)', () => {
    const items = completions('As @Karabak| says');
    assert.equal(items[0]?.label, APPEAL);
    assert.equal((items[0]!.textEdit as TextEdit).newText, APPEAL);
    assert.deepEqual((items[0]!.textEdit as TextEdit).range.start, { line: 0, character: 4 });
  });

  test('sources already cited in the document rank first', () => {
    const items = completions(`Earlier [@${APPEAL}]. Now [@|]`);
    assert.equal(items[0]?.label, APPEAL);
  });

  test('a large library: the first 100 in path order after "[@", cited ones first wherever they are', () => {
    const extra: Record<string, string> = {};
    for (let i = 0; i < 250; i++) {
      const n = String(i).padStart(3, '0');
      extra[`wire-${n}.md`] = `---\nid: wire-${n}\ntitle: Wire report ${n}\n---\nThe council met on day ${n} and voted.\n`;
    }
    const large = createLanguageService({ library: seedLibrary(extra) });
    const list = (marked: string) => {
      const { document, offset } = markedDocument(marked);
      return large.getCompletionItems(document, document.positionAt(offset));
    };
    const bare = list('See [@|]');
    assert.equal(bare.items.length, 100);
    assert.equal(bare.isIncomplete, true, 'more sources than items: the editor asks again as the writer types');
    const labels = bare.items.map((i) => i.label);
    assert.deepEqual(labels.slice(0, 3), ['wire-000', 'wire-001', 'wire-002'], 'path order: extra/ before seeds/');
    assert.ok(!labels.includes(APPEAL), 'the seeds come after the 250 wires');
    const cited = list(`Earlier [@${APPEAL}], [@wire-240] and [@wire-199]. Now [@|]`).items.map((i) => i.label);
    assert.deepEqual(cited.slice(0, 4), ['wire-199', 'wire-240', APPEAL, 'wire-000'], 'cited keys first, in path order, then the rest');
    assert.equal(cited.length, 100);
    assert.equal(new Set(cited).size, 100, 'no key twice');
  });

  test('inside brackets without "@" the item inserts "@key"', () => {
    const items = completions('[see |]');
    assert.equal(items.length, 2);
    assert.ok(items.every((i) => (i.textEdit as TextEdit).newText.startsWith('@')));
  });

  test('no key completion in an e-mail address or in code', () => {
    assert.deepEqual(completions('mail me at name@|'), []);
    assert.deepEqual(completions('`code [@|]`'), []);
  });
});

describe('quote completion', () => {
  test('inside an open quotation of three words, the source continues it', () => {
    const items = completions('He said “The children living in |');
    assert.equal(items.length, 1);
    assert.equal((items[0]!.textEdit as TextEdit).newText, `Artsakh are in deprivation and suffering” [@${RALLY}]`);
    assert.match(items[0]!.detail ?? '', new RegExp(RALLY));
  });

  test('a partly typed word is completed from the source', () => {
    const items = completions('They said "Russia deployed 2,000 peace|');
    assert.equal(items.length, 1);
    const edit = items[0]!.textEdit as TextEdit;
    assert.equal(edit.newText, `peacekeeping troops in Karabakh after brokering the ceasefire that stopped the 2020 Armenian-Azerbaijani war." [@${APPEAL}]`);
    assert.equal(edit.range.start.character, 'They said "Russia deployed 2,000 '.length);
  });

  test('fewer than three words, or words no source has, offer nothing', () => {
    assert.deepEqual(completions('He said "The children|'), []);
    assert.deepEqual(completions('He said "purple monkey dishwasher |'), []);
  });
});

describe('hover', () => {
  test('on a key: the source card', () => {
    const text = hoverText(`See [@001_7824a|7d0d4dc771b].`);
    assert.match(text, /\*\*Karabakh Armenians Appeal to Russia\*\*/);
    assert.match(text, /Azatutyun · 2022-11-01/);
    assert.match(text, /\d+ words · `seeds\/001_7824a7d0d4dc771b\.txt`/);
    assert.match(text, /^> Tens of thousands gathered in Stepanakert on November 1, 2022 STEPANAKERT/m);
  });

  test('on an unknown key: says so', () => {
    assert.match(hoverText('See [@nob|ody].'), /No source has the key `nobody`/);
  });

  test('on a misquote: verdict, passage and word difference', () => {
    const text = hoverText(`"Russia deployed 3,000 peace|keeping troops in Karabakh" [@${APPEAL}]`);
    assert.match(text, /\*\*Misquote\*\* of `@001_7824a7d0d4dc771b`/);
    assert.match(text, /\*\*Russia deployed 2,000 peacekeeping troops in Karabakh\*\*/);
    assert.match(text, /source says \*\*2,000\*\*, quote has ~~3,000~~/);
  });

  test('on a verbatim quote: where it is from', () => {
    assert.match(hoverText(`"It did not spe|cify those mechanisms" [@${APPEAL}]`), /\*\*Verbatim\*\* ✓ word for word in `@001_7824a7d0d4dc771b`/);
  });

  test('elsewhere: nothing', () => {
    assert.equal(hoverText('Plain te|xt.'), '');
  });
});

describe('navigation', () => {
  test('definition of a key is its source; of a quote, the passage', () => {
    const key = at(`[@${APPEAL}|]`);
    const [source] = service.getDefinition(key.document, key.position);
    assert.match(source!.uri, /seeds\/001_7824a7d0d4dc771b\.txt$/);
    const quote = at(`"It did not spe|cify those mechanisms" [@${APPEAL}]`);
    const [passage] = service.getDefinition(quote.document, quote.position);
    assert.match(passage!.uri, /001_7824a7d0d4dc771b\.txt$/);
    assert.equal(passage!.range.start.line, 11);
  });

  test('document links on known keys only', () => {
    const { document } = at(`[@${APPEAL}] and @nobody`);
    const links = service.getDocumentLinks(document);
    assert.equal(links.length, 1);
    assert.match(links[0]!.target!, /001_7824a7d0d4dc771b\.txt#L1$/);
  });

  test('workspace symbols find sources by key or title', () => {
    assert.deepEqual(service.getWorkspaceSymbols('Karabakh Appeal').map((s) => s.name), [`@${APPEAL}`]);
    assert.equal(service.getWorkspaceSymbols('').length, 2);
  });

  test('references of a key across documents', () => {
    const one = at(`[@${APPEAL}|] and [@${RALLY}]`);
    const two = TextDocument.create('file:///two.md', 'markdown', 1, `As @${APPEAL} says, again @${APPEAL}.`);
    const refs = service.getReferences(one.document, one.position, [one.document, two]);
    assert.deepEqual(refs.map((r) => `${r.uri}:${r.range.start.character}`), ['file:///draft.md:2', 'file:///two.md:4', 'file:///two.md:38']);
  });
});

describe('code actions', () => {
  function fix(draft: string): { title: string; result: string }[] {
    const { document } = markedDocument(draft);
    const diagnostics = service.computeDiagnostics(document) ?? [];
    const actions = service.getCodeActions(document, diagnostics[0]!.range, diagnostics);
    return actions
      .filter((a) => a.edit)
      .map((a) => ({ title: a.title, result: TextDocument.applyEdits(document, a.edit!.changes![document.uri]!) }));
  }

  test('a misquote is fixed with the source wording, and the fix checks clean', () => {
    const [first] = fix(`He said "Russia deployed 3,000 peacekeeping troops in Karabakh" [@${APPEAL}].`);
    assert.equal(first!.title, `Use the words of @${APPEAL}`);
    assert.equal(first!.result, `He said "Russia deployed 2,000 peacekeeping troops in Karabakh" [@${APPEAL}].`);
    assert.deepEqual(service.computeDiagnostics(markedDocument(first!.result).document), []);
  });

  test('a wrong source is fixed by citing the right one', () => {
    const [first] = fix(`"continue its commitment to ensure the security of the people of Artsakh" [@${RALLY}]`);
    assert.equal(first!.result, `"continue its commitment to ensure the security of the people of Artsakh" [@${APPEAL}]`);
  });

  test('an unattributed quote gets its citation', () => {
    const [first] = fix('The spokesman said "our only intention is to help these countries".');
    assert.equal(first!.result, `The spokesman said "our only intention is to help these countries" [@${APPEAL}].`);
  });

  test('an unknown key is replaced by the closest keys', () => {
    const fixes = fix('"It did not specify those mechanisms" [@001_7824a7d0d4dc771c]');
    assert.equal(fixes[0]!.result, `"It did not specify those mechanisms" [@${APPEAL}]`);
  });

  test('"Open source" on a key', () => {
    const { document, position } = at(`[@${APPEAL}|]`);
    const actions = service.getCodeActions(document, { start: position, end: position }, []);
    assert.deepEqual(actions.map((a) => a.title), [`Open source @${APPEAL}`]);
    assert.equal(actions[0]!.command!.arguments![0], library.get(APPEAL)!.source.uri);
  });
});
