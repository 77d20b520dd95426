import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import MarkdownIt from 'markdown-it';
import footnotes from 'markdown-it-footnote';
import { analyzeDraft, analyzeDraftSteps } from '../../server/src/core/draft/draftAnalysis';
import { markdownTokenSteps } from '../../server/src/core/draft/markdownBlocks';
import { finish } from '../../server/src/core/draft/steps';
import { REPO } from '../helpers';

// Issue 27: a long draft is parsed in steps that yield between blocks, so the server can answer
// other requests meanwhile. The steps must give exactly what a parse at once gives.

const DRAFTS: Record<string, string> = {
  footnotes: [
    'A claim with a note.[^1] And an inline one.^[She said "we will rebuild the bridge" [@mayor].]',
    '',
    '[^1]: The note says "the harbour closed in 1998" [@harbour, p. 3].',
    '',
    '    Indented, part of the note.',
    '',
    '[^unused]: A definition no one refers to.',
  ].join('\n'),
  containers: [
    '---',
    'title: "A draft"',
    '---',
    '',
    '# Heading with "a quote in it"',
    '',
    '> "Quoted in a block quote," as the mayor said.',
    '> Lazy continuation',
    'goes on here.',
    '',
    '[@mayor]',
    '',
    '- a list item "with a quote of five words" [@mayor]',
    '  - nested `code "not a quote"` item',
    '',
    '```',
    '"code block, not a quote at all"',
    '',
    '```',
    '',
    'Text with <span title="x">"html"</span> and [a link](http://x.org/"q") @kim2018.',
  ].join('\n'),
};

function exampleDrafts(): Array<[string, string]> {
  const found: Array<[string, string]> = Object.entries(DRAFTS);
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.(md|qmd|Rmd)$/i.test(entry.name)) found.push([path.relative(REPO, file), fs.readFileSync(file, 'utf8')]);
    }
  };
  walk(path.join(REPO, 'examples'));
  return found;
}

test('the parser\'s tokens in steps are the tokens of markdown-it\'s own parse', () => {
  const parser = new MarkdownIt('commonmark').use(footnotes);
  for (const [name, text] of exampleDrafts()) {
    assert.deepEqual(finish(markdownTokenSteps(text)), parser.parse(text, {}), name);
  }
});

test('a draft parsed in steps yields between its blocks and gives what a parse at once gives', () => {
  for (const [name, text] of exampleDrafts()) {
    const format = name.endsWith('.qmd') ? 'quarto' : name.toLowerCase().endsWith('.rmd') ? 'rmarkdown' : 'markdown';
    const steps = analyzeDraftSteps(text, format);
    let yields = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) yields++;
    const atOnce = analyzeDraft(text, format);
    assert.deepEqual({ ...step.value, syntax: undefined }, { ...atOnce, syntax: undefined }, name);
    assert.ok(yields > atOnce.structure.blocks.length, `${name}: ${yields} steps for ${atOnce.structure.blocks.length} blocks`);
  }
});
