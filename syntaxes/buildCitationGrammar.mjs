// Writes verbatim-citations.tmLanguage.json from the named regex pieces below, because TextMate
// grammars have no variables and the key and its guards are needed in several patterns.
// Usage: node syntaxes/buildCitationGrammar.mjs [--check]   (--check exits 1 if the JSON is stale)
import { readFileSync, writeFileSync } from 'node:fs';

const outFile = new URL('./verbatim-citations.tmLanguage.json', import.meta.url);

// The rules mirror server/src/core/citations.ts (SPEC section 2) so that what is coloured is what
// the server checks: a key starts with a letter, digit or `_`; `:.#$%&-+?<>~/` may only sit between
// key characters (or `:`/`/` before `/`, as in URLs), so trailing punctuation is left out.
const keyChar = String.raw`[\p{L}\p{N}_]`;
const simpleKey = String.raw`${keyChar}(?:${keyChar}|[:.#$%&\-+?<>~/](?=${keyChar})|[:/](?=/))*`;
// Braced keys: no white space, braces balanced (two levels of nesting are enough in practice).
const bracedInner = String.raw`(?:[^\s{}]|\{(?:[^\s{}]|\{[^\s{}]*\})*\})+`;
// `@` (or `-@`) must not follow a word character or a backslash: `name@example.com`, `\@a`, `x-@a`.
const dashStart = String.raw`(?<![\p{L}\p{N}_\\])`;
const atStart = String.raw`(?<![\p{L}\p{N}_\\-])`;
const citeStart = String.raw`(?:${dashStart}-|${atStart})@`;
const anyKey = String.raw`(?:${simpleKey}|\{${bracedInner}\})`;

/** `-`, `@`, `{`, key, `}` or `-`, `@`, key as captures starting at `first`. */
function keyCaptures(first) {
  return {
    [first]: { name: 'storage.modifier.suppress-author.citation.markdown' },
    [first + 1]: { name: 'punctuation.definition.tag.citation.markdown' },
    [first + 2]: { name: 'punctuation.definition.key.begin.citation.markdown' },
    [first + 3]: { name: 'entity.name.tag.reference.citation.markdown' },
    [first + 4]: { name: 'punctuation.definition.key.end.citation.markdown' },
    [first + 5]: { name: 'entity.name.tag.reference.citation.markdown' },
  };
}
// Six groups, in the order keyCaptures names them.
const keyGroups = String.raw`(?:${dashStart}(-)|${atStart})(@)(?:(\{)(${bracedInner})(\})|(${simpleKey}))`;

// One item of a bracketed citation on the opening line: prefix, key, suffix; no brackets or `;`.
const item = String.raw`[^\[\];]*?${citeStart}${anyKey}[^\[\];]*`;
// `[@a]: https://…` at the start of a line is a link reference definition, not a citation.
const notLinkDefinition = String.raw`(?:(?<!^)(?<!^ )(?<!^  )(?<!^   )|(?![^\]]*\]:))`;
// A bracket is a citation when every `;`-separated item cites a key and no `(` or `[` follows it
// (then it is a link). A line may also end inside the bracket: its first line is still scoped, but
// VS Code's Markdown grammar starts a new paragraph rule on every line, so the rest is not.
const bracketOpen = String.raw`(?<!\\)${notLinkDefinition}(\[)(?=${item}(?:;${item})*(?:\](?![(\[])|;[^\[\]]*$|$))`;

const affixPatterns = [
  { include: 'text.html.markdown#raw' },
  { include: 'text.html.markdown#escape' },
  { include: 'text.html.markdown#bold' },
  { include: 'text.html.markdown#italic' },
];

const grammar = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name: 'Verbatim citations (Pandoc)',
  scopeName: 'text.markdown.verbatim.citations',
  // Markdown, and Quarto's grammar (text.html.quarto, built from the same Markdown grammar), outside code, front matter, links and tags.
  injectionSelector: ['text.html.markdown', 'text.html.quarto']
    .map((host) => `L:${host} -markup.fenced_code -markup.raw -markup.inline.raw -comment -meta.embedded.block.frontmatter -markup.underline.link -meta.tag -meta.citation`)
    .join(', '),
  patterns: [{ include: '#bracketed-citation' }, { include: '#in-text-citation' }],
  repository: {
    'bracketed-citation': {
      name: 'meta.citation.bracketed.markdown',
      begin: bracketOpen,
      beginCaptures: { 1: { name: 'punctuation.definition.citation.begin.markdown' } },
      end: String.raw`\]`,
      endCaptures: { 0: { name: 'punctuation.definition.citation.end.markdown' } },
      patterns: [{ include: '#cited-item' }, { include: '#item-separator' }, { include: '#prefix' }],
    },
    'cited-item': {
      match: String.raw`${keyGroups}(?:\s*(,))?\s*([^\[\];]*?)\s*(?=[;\]]|$)`,
      captures: {
        ...keyCaptures(1),
        7: { name: 'punctuation.separator.locator.citation.markdown' },
        8: { name: 'string.other.locator.citation.markdown', patterns: affixPatterns },
      },
    },
    'item-separator': {
      match: ';',
      name: 'punctuation.separator.sequence.citation.markdown',
    },
    prefix: {
      match: String.raw`((?!${citeStart})[^\s;\[\]](?:(?!${citeStart})[^;\[\]])*?)\s*(?=${citeStart}|[;\]]|$)`,
      captures: { 1: { name: 'string.other.prefix.citation.markdown', patterns: affixPatterns } },
    },
    'in-text-citation': {
      name: 'meta.citation.in-text.markdown',
      match: String.raw`${keyGroups}(?:[ \t]?(\[)([^\[\]@]*)(\]))?`,
      captures: {
        ...keyCaptures(1),
        7: { name: 'punctuation.definition.citation.begin.markdown' },
        8: { name: 'string.other.locator.citation.markdown', patterns: affixPatterns },
        9: { name: 'punctuation.definition.citation.end.markdown' },
      },
    },
  },
};

const text = `${JSON.stringify(grammar, null, 2)}\n`;
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(outFile, 'utf8');
  } catch {
    // A missing file is reported as stale just below.
  }
  if (current !== text) {
    console.error('syntaxes/verbatim-citations.tmLanguage.json is stale: run node syntaxes/buildCitationGrammar.mjs');
    process.exit(1);
  }
} else {
  writeFileSync(outFile, text);
}
