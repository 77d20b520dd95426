/**
 * `@retorquere/bibtex-parser` (the parser Better BibTeX uses), behind a module of its own: esbuild
 * makes it a bundle of its own (`dist/bibtexParser.js`, about 1 MB), loaded on the first `.bib`
 * only, so starting Verbatim never parses it. The package is ESM-only, so even here it is reached
 * with `import()` (`require` fails on Node 20; esbuild bundles the `import()` in).
 */

/** The parser's `parse`. */
export async function loadParse(): Promise<typeof import('@retorquere/bibtex-parser').parse> {
  return (await import('@retorquere/bibtex-parser')).parse;
}
