import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { sameSpeaker, speakerOfQuote } from '../../server/src/core/draft/quoteSpeaker';
import { DEFAULT_SOURCE_LIMITS } from '../../server/src/core/library/source';
import { SourceLibrary } from '../../server/src/core/library/sourceLibrary';
import { isReadFailure, type ReadSource } from '../../server/src/readers/sourceReader';
import { readerFor } from '../../server/src/readers/sourceReaders';
import type { VerbatimDiagnosticData } from '../../server/src/service/diagnostics';
import { createLanguageService } from '../../server/src/service/languageService';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'transcripts');

/** A wire-style article: quotations attributed before and after, `he added`, a role, and narration. */
const ARTICLE = `---
id: border
title: Minister rules out closing the border
author: Lena Hart
outlet: Caucasus Wire
---
YEREVAN (Caucasus Wire) — The government will keep the southern crossing open through the winter, officials said on Tuesday, despite pressure from opposition lawmakers.

"We will not close the border to people who need to cross it," Interior Minister Gurgen Nersisyan told reporters in Yerevan. "Closing it would punish families, not smugglers," he added.

Opposition leader Ani Sargsyan said the decision "leaves the southern villages exposed to every smuggling ring in the region".

"The checkpoints are understaffed and everyone knows it," a border guard said, asking not to be named.

The crossing handled more than 40,000 travellers last year, most of them traders from the southern villages.
`;

/** Wire style of several paragraphs: a dateline, a quotation running on over two paragraphs, `he added` after indirect speech. */
const WIRE = `---
id: wire
title: Port stays open
---
GYUMRI: The port authority will stay open through the winter, its director said on Monday.

"We have enough staff for every shift this year.

"Nobody will be sent home before the spring," Director Aram Vardanyan told the council.

Vardanyan, who spoke for an hour, said the budget had been approved in October.

"The money is already in the bank," he added.

Council member Lilit Hakobyan said the comments "were a relief to everyone in the valley".

"The ferries will run twice a day," said Hakobyan. "The night boat stops in November."
`;

/** A transcript printed in an article: speakers lead their paragraphs; a host's lead stands alone. */
const PRINTED = `---
id: printed
title: The interview
---
The program spoke with the mayor about the floods.

ANNA MARTIN, HOST:

The river rose two metres overnight and the old bridge is closed.

TOM REED: We opened three shelters before midnight and nobody was hurt.

ANNA MARTIN: Will the bridge reopen this year?
`;

function service() {
  const library = new SourceLibrary();
  const result = readerFor('harbour.vtt')!.read(fs.readFileSync(path.join(FIXTURES, 'harbour.vtt')), DEFAULT_SOURCE_LIMITS) as ReadSource;
  assert.ok(!isReadFailure(result));
  library.addText({ uri: 'file:///lib/harbour.vtt', path: 'lib/harbour.vtt', text: result.text, extracted: result.extracted! });
  const srt = readerFor('harbour.srt')!.read(fs.readFileSync(path.join(FIXTURES, 'harbour.srt')), DEFAULT_SOURCE_LIMITS) as ReadSource;
  library.addText({ uri: 'file:///lib/caps.srt', path: 'lib/caps.srt', text: srt.text, extracted: { ...srt.extracted!, fields: { id: 'caps' } } });
  library.addText({ uri: 'file:///lib/border.md', path: 'lib/border.md', text: ARTICLE });
  library.addText({ uri: 'file:///lib/wire.md', path: 'lib/wire.md', text: WIRE });
  library.addText({ uri: 'file:///lib/printed.md', path: 'lib/printed.md', text: PRINTED });
  return createLanguageService({ library });
}

function verdicts(draft: string): Array<[string, string | undefined]> {
  const model = service().getQuotationModel(TextDocument.create('file:///d.md', 'markdown', 1, draft));
  return model.quotes.map((q) => [q.verdict, q.speaker]);
}

test('the draft names a quote\'s speaker with a speech verb, according to, or a colon; pronouns and roles name nobody', () => {
  const cases: Array<[string, string | undefined]> = [
    ['Nersisyan said "we will not close the border".', 'Nersisyan'],
    ['"We will not close the border," said Gurgen Nersisyan.', 'Gurgen Nersisyan'],
    ['"We will not close the border," the minister, Gurgen Nersisyan, told the crowd.', 'Gurgen Nersisyan'],
    ['According to Nersisyan, "we will not close the border".', 'Nersisyan'],
    ['Nersisyan: "We will not close the border."', 'Nersisyan'],
    ['Prime Minister Nikol Pashinyan said on Monday that "we will not close the border".', 'Nikol Pashinyan'],
    ['"We will not close the border," Mr. Nersisyan said.', 'Nersisyan'],
    ['« Nous ne fermerons pas la frontière », a déclaré Gurgen Nersisyan.', 'Gurgen Nersisyan'],
    ['„Wir schließen die Grenze nicht“, sagte Nersisyan.', 'Nersisyan'],
    ['«Мы не закроем границу», — заявил Гурген Нерсисян.', 'Гурген Нерсисян'],
    ['По словам Нерсисяна, «мы не закроем границу».', 'Нерсисяна'],
    ['«Մենք չենք փակի սահմանը», — ասաց Գուրգեն Ներսիսյանը։', 'Գուրգեն Ներսիսյանը'],
    ['«No cerraremos la frontera», dijo Gurgen Nersisyan.', 'Gurgen Nersisyan'],
    ['«Мы не закроем границу», — сказал он.', undefined],
    ['"We will not close the border," he said.', undefined],
    ['"We will not close the border," the minister said.', undefined],
    ['The minister said "we will not close the border".', undefined],
    ['"We will not close the border," Nersisyan\'s spokesman said.', undefined],
    ['The report found that "we will not close the border" was said twice.', undefined],
  ];
  for (const [text, expected] of cases) {
    const open = text.search(/["«„]/);
    const close = text.slice(open + 1).search(/["»“]/) + open + 2;
    const found = speakerOfQuote(text, open, close);
    assert.equal(found?.kind === 'named' ? found.name : undefined, expected, text);
  }
  assert.ok(sameSpeaker('Nersisyan', 'Gurgen Nersisyan'));
  assert.ok(sameSpeaker('Mr. Nersisyan', 'GURGEN NERSISYAN'));
  assert.ok(sameSpeaker('Nersisyan', 'Nersisyán'));
  assert.ok(!sameSpeaker('Minister Nersisyan', 'Minister Sargsyan'));
  assert.ok(sameSpeaker('Нерсисяна', 'Гурген Нерсисян'));
  assert.ok(sameSpeaker('Ներսիսյանը', 'Գուրգեն Ներսիսյան'));
  assert.ok(!sameSpeaker('Ann', 'Anna Petrosyan'));
});

test('a transcript: the cue\'s speaker against the draft\'s; wrong-speaker is fixed by naming the source\'s speaker', () => {
  assert.deepEqual(verdicts('Dorsey said "we lost a week of catch, but nobody was hurt" [@harbour, 12:31].'), [['verified', 'Dorsey']]);
  assert.deepEqual(verdicts('"We lost a week of catch, but nobody was hurt," he said [@harbour].'), [['verified', undefined]]);
  // A cue that names nobody: unclear, nothing is said.
  assert.deepEqual(verdicts('Quint said "nobody has asked the fishermen what they need" [@harbour].'), [['verified', 'Quint']]);
  const draft = '"We lost a week of catch, but nobody was hurt," Mara Quint said [@harbour, 12:31].';
  const document = TextDocument.create('file:///d.md', 'markdown', 1, draft);
  const diagnostics = service().computeDiagnostics(document) ?? [];
  assert.deepEqual(diagnostics.map((d) => [d.code, d.message]), [['wrong-speaker', 'wrong speaker: @harbour gives these words to Ewan Dorsey, not Mara Quint']]);
  const fix = (diagnostics[0]!.data as VerbatimDiagnosticData).fixes[0]!;
  const fixed = TextDocument.applyEdits(document, [{ range: fix.range, newText: fix.newText }]);
  assert.equal(fixed, draft.replace('Mara Quint said', 'Ewan Dorsey said'));
  assert.deepEqual(service().computeDiagnostics(TextDocument.create('file:///d.md', 'markdown', 2, fixed)), []);
  // Captions' capitals are written as a name.
  const caps = service().computeDiagnostics(TextDocument.create('file:///d.md', 'markdown', 1, 'Quint said "we lost a week of catch, but nobody was hurt" [@caps].')) ?? [];
  assert.equal((caps[0]?.data as VerbatimDiagnosticData | undefined)?.suggestion, 'Ewan Dorsey');
});

test('an article: the attribution of the quotation holding the passage, he added, roles, and narration', () => {
  assert.deepEqual(verdicts('Nersisyan said "we will not close the border to people who need to cross it" [@border].'), [['verified', 'Nersisyan']]);
  // `he added` refers back to Nersisyan.
  assert.deepEqual(verdicts('"Closing it would punish families, not smugglers," Nersisyan said [@border].'), [['verified', 'Nersisyan']]);
  assert.deepEqual(verdicts('"Closing it would punish families, not smugglers," Sargsyan said [@border].'), [['wrong-speaker', 'Sargsyan']]);
  assert.deepEqual(verdicts('Sargsyan warned that the decision "leaves the southern villages exposed to every smuggling ring" [@border].'), [['verified', 'Sargsyan']]);
  assert.deepEqual(verdicts('Nersisyan said the decision "leaves the southern villages exposed to every smuggling ring" [@border].'), [['wrong-speaker', 'Nersisyan']]);
  // A role in the source names nobody: unclear, nothing is said.
  assert.deepEqual(verdicts('Sargsyan said "the checkpoints are understaffed and everyone knows it" [@border].'), [['verified', 'Sargsyan']]);
  // Narration put in a named person's mouth.
  assert.deepEqual(verdicts('Nersisyan said "the crossing handled more than 40,000 travellers last year" [@border].'), [['not-a-quotation', 'Nersisyan']]);
  // The article's own words, attributed to the article or its writer, or with no speaker: fine.
  assert.deepEqual(verdicts('Hart wrote that "the crossing handled more than 40,000 travellers last year" [@border].'), [['verified', 'Hart']]);
  assert.deepEqual(verdicts('The wire reported that "the crossing handled more than 40,000 travellers last year" [@border].'), [['verified', undefined]]);
  const diagnostics = service().computeDiagnostics(TextDocument.create('file:///d.md', 'markdown', 1, 'Nersisyan said "the crossing handled more than 40,000 travellers last year" [@border].')) ?? [];
  assert.deepEqual(diagnostics.map((d) => [d.code, d.message]), [['not-a-quotation', "not a quotation: in @border these words are the article's own narration, not words of Nersisyan"]]);
});

test('wire style: a quotation over several paragraphs, a dateline, he added after indirect speech, a noun that looks like a verb', () => {
  // The first paragraph of the quotation is attributed where the quotation closes.
  assert.deepEqual(verdicts('Vardanyan said "we have enough staff for every shift this year" [@wire].'), [['verified', 'Vardanyan']]);
  assert.deepEqual(verdicts('Hakobyan said "we have enough staff for every shift this year" [@wire].'), [['wrong-speaker', 'Hakobyan']]);
  // `he added` after a paragraph whose speaker said something without quotation marks.
  assert.deepEqual(verdicts('"The money is already in the bank," Vardanyan said [@wire].'), [['verified', 'Vardanyan']]);
  assert.deepEqual(verdicts('"The money is already in the bank," Hakobyan said [@wire].'), [['wrong-speaker', 'Hakobyan']]);
  // A dateline (`GYUMRI:`) is no speaker: the paragraph is narration.
  assert.deepEqual(verdicts('Hakobyan said "the port authority will stay open through the winter" [@wire].'), [['not-a-quotation', 'Hakobyan']]);
  // `said the comments "…"`: the speaker is Hakobyan, and in the source too.
  assert.deepEqual(verdicts('Hakobyan said the comments "were a relief to everyone in the valley" [@wire].'), [['verified', 'Hakobyan']]);
  assert.deepEqual(verdicts('Vardanyan said the comments "were a relief to everyone in the valley" [@wire].'), [['wrong-speaker', 'Vardanyan']]);
  // A sentence that is only a quotation, after an attributed one, is the same speaker's.
  assert.deepEqual(verdicts('Vardanyan said "the night boat stops in November" [@wire].'), [['wrong-speaker', 'Vardanyan']]);
  assert.deepEqual(verdicts('Hakobyan said "the night boat stops in November" [@wire].'), [['verified', 'Hakobyan']]);
});

test('a transcript printed in an article: each paragraph is its lead\'s speaker\'s, a lead alone on its line too', () => {
  assert.deepEqual(verdicts('Reed said "we opened three shelters before midnight" [@printed].'), [['verified', 'Reed']]);
  assert.deepEqual(verdicts('Martin said "we opened three shelters before midnight" [@printed].'), [['wrong-speaker', 'Martin']]);
  assert.deepEqual(verdicts('Martin said "the river rose two metres overnight" [@printed].'), [['verified', 'Martin']]);
  assert.deepEqual(verdicts('Reed said "the river rose two metres overnight" [@printed].'), [['wrong-speaker', 'Reed']]);
  // Before the first lead, the article's own words.
  assert.deepEqual(verdicts('Reed said "the program spoke with the mayor about the floods" [@printed].'), [['not-a-quotation', 'Reed']]);
});

/** Wire style that names its speakers once: `he said` and a role stand for them; one paragraph is only a quotation. */
const HARBOUR = `---
id: harbour-wire
title: Harbour to reopen after storm
author: Lena Hart
outlet: Caucasus Wire
---
GYUMRI (Caucasus Wire) — The northern harbour will reopen on Monday, two weeks after the storm wrecked its pier, port officials said on Sunday.

Harbour master Ewan Dorsey told reporters that the repairs had cost less than feared. "We lost a week of catch, but nobody was hurt," he said. "The boats will be out again before the frost."

After touring the pier in the morning, Dorsey met the families of the crews.

"Every one of them asked me about the winter," he said.

"Some of them have nothing saved at all."

The interior minister, Gurgen Nersisyan, visited the site on Saturday with head coach Aram Vardanyan of the harbour football club.

"We will pay for every boat the storm destroyed, and we will pay this month," the interior minister said.

"The club will play its first home game on the new pitch," the head coach said.

Shareholders applauded the decision. "The insurers have been far too slow this year," he said.
`;

/** A question-and-answer interview: `Q:` and `A:` lead the paragraphs and name nobody. */
const INTERVIEW = `---
id: interview
title: A calm minister faces the press
---
Health Minister Ana Petrosyan fielded questions from reporters on Tuesday.

Q: Minister, do you know who leaked the report?

A: Who leaked it is not important, I will not speculate about it.

Q: Will you resign?

A: I serve at the pleasure of the prime minister and nobody else.
`;

function articleVerdicts(source: string, key: string, draft: string): Array<[string, string | undefined]> {
  const library = new SourceLibrary();
  library.addText({ uri: `file:///lib/${key}.md`, path: `lib/${key}.md`, text: source });
  const model = createLanguageService({ library }).getQuotationModel(TextDocument.create('file:///d.md', 'markdown', 1, draft));
  return model.quotes.map((q) => [q.verdict, q.speaker]);
}

test('the draft names a speaker in every news form: circumstances after the verb, appositions, participles, quoted as saying', () => {
  const cases: Array<[string, string | undefined]> = [
    ['Nersisyan told the Guardian on Monday that "we will not close the border".', 'Nersisyan'],
    ['Nersisyan said in an interview with Radio Azatutyun: "we will not close the border".', 'Nersisyan'],
    ['Nersisyan said at a news conference in Yerevan on Monday that "we will not close the border".', 'Nersisyan'],
    ['The interior minister, Gurgen Nersisyan, said "we will not close the border".', 'Gurgen Nersisyan'],
    ['Nersisyan is quoted as saying "we will not close the border".', 'Nersisyan'],
    ['Nersisyan was saying "we will not close the border".', 'Nersisyan'],
    ['As Nersisyan put it, "we will not close the border".', 'Nersisyan'],
    ['Nersisyan took to Twitter, saying: "we will not close the border".', 'Nersisyan'],
    ['Ana Petrosyan of Gyumri said "we will not close the border".', 'Ana Petrosyan'],
    ['"We will not close the border," Ana Petrosyan of Gyumri said.', 'Ana Petrosyan'],
    ['The mayor of Gyumri said "we will not close the border".', undefined],
    ['Speaking about the border, Gurgen Nersisyan said: "We will not close it," he said.', 'Gurgen Nersisyan'],
    // Another clause's subject, a capitalised role, people in the plural: nobody, or not the first name.
    ['Nersisyan said Pashinyan called it "a border we will not close".', undefined],
    ['Nersisyan said Pashinyan had told him "we will not close the border".', 'Pashinyan'],
    ['"We will not close the border," the Maine Republican told CNN.', undefined],
    ['Analysts said "we will not close the border" was a bluff.', undefined],
    ['A statement by his adviser, Aram Vardanyan, quoted the minister as saying: "we will not close the border".', undefined],
  ];
  for (const [text, expected] of cases) {
    const open = text.search(/["«„]/);
    const close = text.slice(open + 1).search(/["»“]/) + open + 2;
    const found = speakerOfQuote(text, open, close);
    assert.equal(found?.kind === 'named' ? found.name : undefined, expected, text);
  }
});

test('an article names a speaker once: he, she and a role stand for the name before them; a quotation alone continues its speaker', () => {
  const check = (draft: string) => articleVerdicts(HARBOUR, 'harbour-wire', draft);
  // `he said` after a sentence whose subject is Dorsey, over a sentence about someone else's words.
  assert.deepEqual(check('Dorsey said "we lost a week of catch, but nobody was hurt" [@harbour-wire].'), [['verified', 'Dorsey']]);
  assert.deepEqual(check('Nersisyan said "we lost a week of catch, but nobody was hurt" [@harbour-wire].'), [['wrong-speaker', 'Nersisyan']]);
  // A subject after an opening phrase (`After touring the pier in the morning, Dorsey met …`), then `he said`.
  assert.deepEqual(check('Quint said "every one of them asked me about the winter" [@harbour-wire].'), [['wrong-speaker', 'Quint']]);
  // A paragraph that is only a quotation continues the speaker just named.
  assert.deepEqual(check('Nersisyan said "some of them have nothing saved at all" [@harbour-wire].'), [['wrong-speaker', 'Nersisyan']]);
  assert.deepEqual(check('Dorsey said "some of them have nothing saved at all" [@harbour-wire].'), [['verified', 'Dorsey']]);
  // `the interior minister` and `the head coach` are the one person the article named so.
  assert.deepEqual(check('Dorsey said "we will pay for every boat the storm destroyed" [@harbour-wire].'), [['wrong-speaker', 'Dorsey']]);
  assert.deepEqual(check('Nersisyan said "we will pay for every boat the storm destroyed" [@harbour-wire].'), [['verified', 'Nersisyan']]);
  assert.deepEqual(check('Nersisyan said "the club will play its first home game on the new pitch" [@harbour-wire].'), [['wrong-speaker', 'Nersisyan']]);
  // `Shareholders applauded …`, then `he said`: no named subject before it, so nothing is said.
  assert.deepEqual(check('Nersisyan said "the insurers have been far too slow this year" [@harbour-wire].'), [['verified', 'Nersisyan']]);
  // A close misquote with the wrong speaker: both findings.
  assert.deepEqual(check('Nersisyan said "we lost a week of fish, but nobody was hurt" [@harbour-wire].'), [['misquote', 'Nersisyan']]);
});

test('a misquote with the wrong speaker carries both findings', () => {
  const library = new SourceLibrary();
  library.addText({ uri: 'file:///lib/harbour-wire.md', path: 'lib/harbour-wire.md', text: HARBOUR });
  const service = createLanguageService({ library });
  const codes = (draft: string) => (service.computeDiagnostics(TextDocument.create('file:///d.md', 'markdown', 1, draft)) ?? []).map((d) => String(d.code)).sort();
  assert.deepEqual(codes('Nersisyan said "we lost a week of fish, but nobody was hurt" [@harbour-wire].'), ['misquote', 'wrong-speaker']);
  assert.deepEqual(codes('Dorsey said "we lost a week of fish, but nobody was hurt" [@harbour-wire].'), ['misquote']);
  assert.deepEqual(codes('Nersisyan said "the repairs had cost much less than feared" [@harbour-wire].'), ['misquote', 'not-a-quotation']);
});

test('a block quote\'s speaker: its attribution line, the line after it, or the sentence that introduces it', () => {
  const check = (draft: string) => articleVerdicts(HARBOUR, 'harbour-wire', draft);
  const quote = '> We will pay for every boat the storm destroyed, and we will pay this month.';
  assert.deepEqual(check(`Nersisyan told the town:\n\n${quote} [@harbour-wire]`), [['verified', 'Nersisyan']]);
  assert.deepEqual(check(`Dorsey told the town:\n\n${quote} [@harbour-wire]`), [['wrong-speaker', 'Dorsey']]);
  assert.deepEqual(check(`${quote}\n>\n> — Mara Quint [@harbour-wire]`).slice(0, 1), [['wrong-speaker', 'Mara Quint']]);
  assert.deepEqual(check(`${quote}\n\n— Gurgen Nersisyan, interior minister [@harbour-wire]`), [['verified', 'Gurgen Nersisyan']]);
  // A role introduces it: nobody is named.
  assert.deepEqual(check(`The minister told the town:\n\n${quote} [@harbour-wire]`), [['verified', undefined]]);
  // LaTeX: the citation in the environment's optional argument comes between the sentence and the quote.
  const library = new SourceLibrary();
  library.addText({ uri: 'file:///lib/harbour-wire.md', path: 'lib/harbour-wire.md', text: HARBOUR });
  const latex = (speaker: string) =>
    createLanguageService({ library })
      .getQuotationModel(TextDocument.create('file:///d.tex', 'latex', 1, `${speaker} told the town:\n\\begin{displayquote}[\\cite{harbour-wire}]\n${quote.slice(2)}\n\\end{displayquote}\n`))
      .quotes.map((q) => [q.verdict, q.speaker]);
  assert.deepEqual(latex('Nersisyan'), [['verified', 'Nersisyan']]);
  assert.deepEqual(latex('Dorsey'), [['wrong-speaker', 'Dorsey']]);
});

test('a question-and-answer interview: Q and A name nobody, so nothing is said about its speakers', () => {
  const check = (draft: string) => articleVerdicts(INTERVIEW, 'interview', draft);
  assert.deepEqual(check('Petrosyan said "who leaked it is not important" [@interview].'), [['verified', 'Petrosyan']]);
  assert.deepEqual(check('"I serve at the pleasure of the prime minister and nobody else," Petrosyan said [@interview].'), [['verified', 'Petrosyan']]);
});

test('a source of one enormous paragraph: he is read back a few sentences, never over the whole paragraph', () => {
  const filler = 'The market was calm that day and nobody said much about it. '.repeat(200);
  const near = `${filler}Gurgen Nersisyan met the families on Monday. "We will pay for every boat the storm destroyed this month," he said.`;
  const far = `Gurgen Nersisyan met the families on Monday. ${filler}"We will pay for every boat the storm destroyed this month," he said.`;
  const quote = 'Pashinyan said "we will pay for every boat the storm destroyed this month" [@big].';
  assert.deepEqual(articleVerdicts(`---\nid: big\n---\n${near}\n`, 'big', quote), [['wrong-speaker', 'Pashinyan']]);
  // The name is 12,000 characters back, behind sentences whose subject is no person: unclear, nothing is said.
  assert.deepEqual(articleVerdicts(`---\nid: big\n---\n${far}\n`, 'big', quote), [['verified', 'Pashinyan']]);
});
