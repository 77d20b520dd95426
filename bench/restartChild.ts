/**
 * One start of Verbatim's library from its index file, in a fresh process: the benchmark bundles
 * this file with esbuild (as the server itself is bundled) and runs it twice, first with an empty
 * cache folder (cold) and then again with the cache the first run wrote (restart).
 *
 *   node restart-child.cjs CORPUS_DIR CACHE_DIR KEY QUOTE
 * prints {"loadMs", "queryMs", "sinceStartMs", "fromCache", "read", "sources", "verdict"} on stdout.
 */
import { QuoteMatcher } from '../server/src/core/match/quoteMatcher';
import { parseQuotePattern } from '../server/src/core/match/quotePattern';
import { loadLibrary } from '../server/src/library/libraryOpener';

const [folder, cacheDir, key, quote] = process.argv.slice(2) as [string, string, string, string];
void main();

async function main(): Promise<void> {
const t0 = performance.now();
const result = await loadLibrary([folder], { cacheDir, base: folder });
const t1 = performance.now();
const entry = result.library.get(key);
const verdict = new QuoteMatcher(result.library).check(parseQuotePattern(quote, 0, quote.length), entry ? [entry] : []);
const t2 = performance.now();
process.stdout.write(
  JSON.stringify({
    loadMs: t1 - t0,
    queryMs: t2 - t1,
    // performance.now() counts from the process's start: this includes Node's start and module loading.
    sinceStartMs: t2,
    fromCache: result.fromCache,
    read: result.read,
    sources: result.library.size,
    verdict: verdict.kind,
  }),
);
}
