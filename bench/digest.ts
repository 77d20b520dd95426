/**
 * Digests of what Verbatim computes on the bench corpus, to show a refactoring changed nothing: the
 * index content (vocabulary, every source's word ids and starts, word counts, every segment's bigrams
 * and postings), every bench quote's verdict (kind, source, passage, cost, matched words) and the
 * 100-quote draft's diagnostics (code, range, message). Same digests before and after = same work.
 *
 *   node --import tsx bench/digest.ts [--size S|L]
 */
import { createHash, type Hash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { QuoteMatcher } from '../server/src/core/match/quoteMatcher';
import { parseQuotePattern } from '../server/src/core/match/quotePattern';
import { SourceLibrary } from '../server/src/core/library/sourceLibrary';
import { listSourceFiles } from '../server/src/library/sourceFiles';
import { createLanguageService } from '../server/src/service/languageService';
import { ensureWorkload, type SizeName } from './corpus';

function feed(hash: Hash, value: ArrayBufferView | string | number): void {
  if (typeof value === 'number') hash.update(`${value};`);
  else if (typeof value === 'string') hash.update(`${value.length}:${value}`);
  else hash.update(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
}

function main(): void {
  const argv = process.argv.slice(2);
  const size = (argv[argv.indexOf('--size') + 1] ?? 'S') as SizeName;
  const workload = ensureWorkload(argv.includes('--size') ? size : 'S', (line) => process.stderr.write(`${line}\n`));
  const library = new SourceLibrary();
  const files = listSourceFiles(workload.corpusDir, (file, reason) => {
    throw new Error(`${file}: ${reason}`);
  });
  for (const file of files) library.addFile({ uri: pathToFileURL(file).href, path: path.relative(workload.corpusDir, file), bytes: fs.readFileSync(file) });
  library.index.prepare();

  const index = createHash('sha256');
  const snapshot = library.snapshot();
  for (const word of snapshot.vocabulary) feed(index, word);
  for (const entry of [...snapshot.entries].sort((a, b) => a.docId - b.docId)) {
    feed(index, entry.docId);
    feed(index, entry.source.key);
    feed(index, entry.words.ids);
    feed(index, entry.words.starts);
  }
  for (const segment of snapshot.segments) {
    feed(index, segment.docIds);
    feed(index, segment.docStarts);
    feed(index, segment.keys);
    feed(index, segment.offsets);
    feed(index, segment.postings);
  }
  if (snapshot.frequencies) feed(index, JSON.stringify(snapshot.frequencies, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Uint32Array) : v)));

  const verdicts = createHash('sha256');
  const matcher = new QuoteMatcher(library);
  for (const q of workload.quotes) {
    const entry = library.get(q.cited);
    const verdict = matcher.check(parseQuotePattern(q.text, 0, q.text.length), entry ? [entry] : []);
    const match = 'match' in verdict ? verdict.match : verdict.nearest;
    feed(verdicts, `${q.id} ${verdict.kind}`);
    if (match) feed(verdicts, `${match.entry.source.key} ${match.alignment.sourceStart}-${match.alignment.sourceEnd} ${match.alignment.cost}`);
  }

  const draft = createHash('sha256');
  const doc = TextDocument.create('file:///bench/draft.md', 'markdown', 1, workload.draft.text);
  const diagnostics = createLanguageService({ library }).computeDiagnostics(doc);
  for (const d of diagnostics ?? []) feed(draft, JSON.stringify([d.code, d.range, d.message, d.severity]));

  console.log(JSON.stringify({ size, sources: snapshot.entries.length, quotes: workload.quotes.length, diagnostics: diagnostics?.length ?? 0, index: index.digest('hex'), verdicts: verdicts.digest('hex'), draft: draft.digest('hex') }, null, 1));
}

main();
