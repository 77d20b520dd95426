import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/service/languageService';
import type { VerbatimDiagnosticData } from '../../server/src/service/diagnostics';
import { APPEAL, markedDocument, RALLY, seedLibrary } from '../helpers';

const service = createLanguageService({ library: seedLibrary() });

function check(draft: string): Diagnostic[] {
  return service.computeDiagnostics(markedDocument(draft).document) ?? [];
}

interface Case {
  readonly name: string;
  readonly draft: string;
  /** Expected codes in document order; [] means nothing is flagged. */
  readonly codes: readonly string[];
  /** Words the first message must contain. */
  readonly message?: readonly string[];
  /** The first diagnostic's suggestion. */
  readonly suggestion?: string;
}

export const cases: Case[] = [
  {
    name: 'curly quotes around the source words are verbatim',
    draft: `“Any statement of compromise made on behalf of the people of Artsakh is rejected,” he said [@${RALLY}].`,
    codes: [],
  },
  {
    name: 'straight quotes around source words with curly apostrophes are verbatim',
    draft: `Nersisyan said "one of the key tenets and goals of the People's Movement" [@${RALLY}].`,
    codes: [],
  },
  {
    name: 'an ellipsis marks an omission',
    draft: `"Any statement of compromise ... is rejected" [@${RALLY}]`,
    codes: [],
  },
  {
    name: 'the bracket the source itself contains, [2020], matches',
    draft: `"After the [2020] war, we heard many discussions" [@${RALLY}]`,
    codes: [],
  },
  {
    name: 'a bracketed substitution stands in for source words',
    draft: `"[The Russian ministry] strongly called on Azerbaijan to lift the blockade" [@${RALLY}]`,
    codes: [],
  },
  {
    name: 'a capital letter changed in brackets is not a change',
    draft: `"[T]he people of Artsakh have the right to ask publicly" [@${RALLY}]`,
    codes: [],
  },
  {
    name: 'a changed word is a misquote naming both words',
    draft: `"Any announcement of compromise made on behalf of the people of Artsakh is rejected" [@${RALLY}]`,
    codes: ['misquote'],
    message: ['statement', 'announcement'],
    suggestion: 'Any statement of compromise made on behalf of the people of Artsakh is rejected',
  },
  {
    name: 'a dropped word is a misquote',
    draft: `"the Russian foreign ministry called on Azerbaijan to lift the blockade" [@${RALLY}]`,
    codes: ['misquote'],
    message: ['strongly'],
    suggestion: 'the Russian foreign ministry strongly called on Azerbaijan to lift the blockade',
  },
  {
    name: 'a changed number is a misquote',
    draft: `"Russia deployed 3,000 peacekeeping troops in Karabakh" [@${APPEAL}]`,
    codes: ['misquote'],
    message: ['2,000', '3,000'],
    suggestion: 'Russia deployed 2,000 peacekeeping troops in Karabakh',
  },
  {
    name: 'an inserted "not" is a misquote',
    draft: `"Yerevan and Baku are not planning to sign such a deal" [@${APPEAL}]`,
    codes: ['misquote'],
    message: ['not'],
    suggestion: 'Yerevan and Baku are planning to sign such a deal',
  },
  {
    name: 'a dropped "not" is a misquote',
    draft: `"He said peace should come at such a high price" [@${RALLY}]`,
    codes: ['misquote'],
    message: ['not'],
  },
  {
    name: 'a quote from the other seed is a wrong source',
    draft: `"continue its commitment to ensure the security of the people of Artsakh" [@${RALLY}]`,
    codes: ['wrong-source'],
    message: [APPEAL],
    suggestion: APPEAL,
  },
  {
    name: 'a quote found nowhere',
    draft: `"We will never accept a deal that surrenders our homeland" [@${APPEAL}]`,
    codes: ['quote-not-found'],
  },
  {
    name: 'an unknown key is an error, and its quote is not judged',
    draft: `"We will never accept a deal that surrenders our homeland" [@nowhere2022]`,
    codes: ['unknown-source'],
    message: ['nowhere2022'],
  },
  {
    name: 'an unattributed quote found in a seed',
    draft: `The spokesman said "our only intention is to help these countries achieve for themselves an end to the violence".`,
    codes: ['unattributed-quote'],
    message: [APPEAL],
    suggestion: `[@${APPEAL}]`,
  },
  {
    name: 'an uncited quote found nowhere is left alone',
    draft: `A neighbour told us "it was the coldest night of the whole winter".`,
    codes: [],
  },
  {
    name: 'quotes in code spans are ignored',
    draft: 'Use `"Any announcement of compromise made on behalf" [@nowhere]` in code.',
    codes: [],
  },
  {
    name: 'quotes in fenced code blocks are ignored',
    draft: '```\n"Any announcement of compromise made on behalf of the people" [@nowhere]\n```\n',
    codes: [],
  },
  {
    name: 'a quote split across two lines of the draft',
    draft: `He said "The children living in\nArtsakh are in deprivation and suffering" [@${RALLY}].`,
    codes: [],
  },
  {
    name: 'a misquote split across two lines is reported once',
    draft: `He said "The children living in\nArmenia are in deprivation and suffering" [@${RALLY}].`,
    codes: ['misquote'],
    message: ['Artsakh', 'Armenia'],
  },
  {
    name: 'scare quotes under four words are not checked',
    draft: `The so-called "Washington variant" was discussed [@${RALLY}].`,
    codes: [],
  },
  {
    name: 'several quotes share the citation after them',
    draft: `"Tens of thousands of people rallied in Stepanakert" and "It did not specify those mechanisms" [@${APPEAL}].`,
    codes: [],
  },
  {
    name: 'with no citation after it, a quote belongs to the citation before it',
    draft: `As @${APPEAL} reports, "It was one of the biggest rallies ever held in Karabakh."`,
    codes: [],
  },
  {
    name: 'with several keys the quote must be in one of them',
    draft: `"It was one of the biggest rallies ever held in Karabakh" [see @${RALLY}, p. 2; @${APPEAL}]`,
    codes: [],
  },
  {
    name: 'a block quote with the citation in the next paragraph',
    draft: `> The price of peace for our people should be respecting their fundamental rights\n> and the freedom to choose their own destiny.\n\n— @${RALLY}\n`,
    codes: [],
  },
  {
    name: 'a block quote that misquotes its citation',
    draft: `> The price of peace for our people should be respecting their basic rights. [@${RALLY}]\n`,
    codes: ['misquote'],
    message: ['fundamental', 'basic'],
  },
  {
    name: 'punctuation, dashes and case differences are not misquotes',
    draft: `"WE HAVE NEVER SEEN PEACE OR GOOD RELATIONS BY OUR NEIGHBORS - KINDNESS AND PEACE LOVING ATTITUDE" [@${RALLY}]`,
    codes: [],
  },
  {
    name: 'citations in HTML comments are ignored',
    draft: `<!-- "We will never accept a deal that surrenders our homeland" [@nowhere] -->\n`,
    codes: [],
  },
];

describe('quote checks on the seed articles', () => {
  for (const c of cases) {
    test(c.name, () => {
      const diagnostics = check(c.draft);
      assert.deepEqual(
        diagnostics.map((d) => d.code),
        c.codes,
        `diagnostics: ${JSON.stringify(diagnostics.map((d) => `${String(d.code)}: ${String(d.message)}`))}`,
      );
      const first = diagnostics[0];
      if (first === undefined) return;
      assert.equal(first.source, 'verbatim');
      for (const word of c.message ?? []) assert.ok(String(first.message).includes(word), `"${String(first.message)}" should mention ${word}`);
      if (c.suggestion !== undefined) assert.equal((first.data as VerbatimDiagnosticData).suggestion, c.suggestion);
    });
  }
});

describe('word differences read the way a writer would', () => {
  const cases: Array<[string, string, string]> = [
    [
      'a changed last word is replaced, not deleted',
      `"the Russian foreign ministry strongly called on Azerbaijan to lift the siege" [@${RALLY}]`,
      'source says "blockade", not "siege"',
    ],
    [
      'a changed first word is replaced',
      `"Today, the people of Uganda have the right to ask publicly" [@${RALLY}]`,
      'source says "Artsakh", not "Uganda"',
    ],
    [
      'a changed word before a dropped article reads as one change',
      `"The price of peace for our people should be respecting their basic rights and freedom" [@${RALLY}]`,
      'source says "fundamental", not "basic" (and 1 more change)',
    ],
  ];
  for (const [name, draft, message] of cases) {
    test(name, () => {
      const [first] = check(draft);
      assert.ok(first, 'one diagnostic');
      assert.ok(String(first.message).endsWith(message), String(first.message));
      const suggestion = (first.data as VerbatimDiagnosticData).suggestion ?? '';
      assert.deepEqual(check(draft.replace(/"[^"]+"/, `"${suggestion}"`)), [], `the suggestion "${suggestion}" checks clean`);
    });
  }
});
