/**
 * `@retorquere/bibtex-parser` (the parser Better BibTeX uses), in a module of its own: the build makes
 * it a separate bundle (`dist/bibtexParser.js`) that is loaded on the first `.bib` file's full parse,
 * so starting Verbatim never parses its half megabyte when the library has no BibTeX file.
 */

/** The parser's `parse`; an `import()`, because the package is ESM-only (its CommonJS build requires an ESM-only module). */
export async function importBibtexParse(): Promise<(typeof import('@retorquere/bibtex-parser'))['parse']> {
  return (await import('@retorquere/bibtex-parser')).parse;
}
