/**
 * The PostgreSQL archive end to end, on throwaway servers this file starts and deletes: loading,
 * the differential against the local index (the verdict cases and the benchmark's generated quotes),
 * the CLI, shards, and every fault (unreachable, lost and back, slow, wrong schema).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client } from 'pg';
import { PrefetchedStore } from '../../server/src/service/prefetchedStore';
import { QuoteMatcher, type QuoteVerdict } from '../../server/src/core/match/quoteMatcher';
import { parseQuotePattern } from '../../server/src/core/match/quotePattern';
import { SourceLibrary, wordEndAt } from '../../server/src/core/library/sourceLibrary';
import { ArchiveClient } from '../../server/src/archive/archiveClient';
import { loadArchive } from '../../server/src/archive/archiveLoader';
import { SCHEMA_VERSION } from '../../server/src/archive/archiveSchema';
import { prefetch } from '../../server/src/service/storePrefetch';
import { REPO, SEEDS } from '../helpers';
import { postgresMissing, startPostgres, type ThrowawayPostgres } from '../postgres';
import { benchCorpus, cli, tempDir } from './archiveFixtures';
import { cases } from '../service/quoteChecks.test';

const missing = postgresMissing();
if (missing) console.log(missing);

/** What a verdict says, as two stores must agree on it. */
function verdictSummary(verdict: QuoteVerdict): string {
  const match = 'match' in verdict ? verdict.match : verdict.nearest;
  return match ? `${verdict.kind} ${match.entry.source.key} ${match.alignment.sourceStart}-${match.alignment.sourceEnd} cost ${match.alignment.cost}` : verdict.kind;
}

/** Bigrams whose count in the frequency table differs from the paragraphs that hold them. */
async function frequencyDrift(client: Client): Promise<number> {
  const drift = await client.query(`
    select count(*) as n from verbatim_bigram_frequency f
    full join (select b, count(*) as n from verbatim_paragraphs, unnest(bigrams) b group by b) real on real.b = f.bigram
    where coalesce(f.paragraphs, 0) <> coalesce(real.n, 0)`);
  return Number(drift.rows[0].n);
}

/** Loads the library of a folder, as `verbatim check` would, in memory. */
function folderLibrary(dir: string): SourceLibrary {
  const library = new SourceLibrary();
  const walk = (d: string): void => {
    for (const name of fs.readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (fs.statSync(full).isDirectory()) walk(full);
      else library.addText({ uri: `file://${full}`, path: full, text: fs.readFileSync(full, 'utf8') });
    }
  };
  walk(dir);
  return library;
}

describe('the PostgreSQL archive', { skip: missing }, () => {
  let server: ThrowawayPostgres;
  let corpus: ReturnType<typeof benchCorpus>;
  let local: SourceLibrary;
  const folders: string[] = [];
  before(async () => {
    server = await startPostgres();
    corpus = benchCorpus(30);
    folders.push(corpus.dir);
    fs.cpSync(SEEDS, path.join(corpus.dir, 'seeds'), { recursive: true });
    await loadArchive([corpus.dir], [server.url], { base: corpus.dir });
    local = folderLibrary(corpus.dir);
  });
  after(() => {
    server?.destroy();
    for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('load creates the schema, skips what is unchanged and replaces a changed article', async () => {
    server.createDatabase('incremental');
    const url = server.urlOf('incremental');
    const dir = tempDir('load');
    folders.push(dir);
    fs.cpSync(SEEDS, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'extra.txt'), 'The committee voted to adopt the budget on Tuesday.\n\nIt passed by a wide margin.\n');
    fs.writeFileSync(path.join(dir, 'broken.txt'), Buffer.from([0xff, 0xfe, 0x00]));
    const first = await loadArchive([dir], [url], { base: dir });
    assert.deepEqual([first.schemaBefore, first.added, first.replaced, first.unchanged], [0, 3, 0, 0]);
    assert.equal(first.skipped.length, 1);
    const again = await loadArchive([dir], [url], { base: dir });
    assert.deepEqual([again.schemaBefore, again.added, again.replaced, again.unchanged], [SCHEMA_VERSION, 0, 0, 3]);
    fs.writeFileSync(path.join(dir, 'extra.txt'), 'The committee voted to reject the budget on Wednesday.\n');
    const changed = await loadArchive([dir], [url], { base: dir });
    assert.deepEqual([changed.added, changed.replaced, changed.unchanged], [0, 1, 2]);
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const text = await client.query(`select text from verbatim_articles where key = 'extra'`);
      assert.match(text.rows[0].text, /reject the budget/);
      // The frequency table counts exactly the paragraphs that hold each bigram, after replacing.
      assert.equal(await frequencyDrift(client), 0);
      const stats = cli(['archive', 'stats', '--db', url, '--format', 'json'], dir);
      assert.equal(stats.status, 0, stats.stderr);
      const parsed = JSON.parse(stats.stdout) as { articles: number; paragraphs: number; schemaVersion: number };
      assert.equal(parsed.articles, 3);
      assert.equal(parsed.schemaVersion, SCHEMA_VERSION);
    } finally {
      await client.end();
    }
  });

  test('load keeps any text byte for byte, makes good an interrupted load and migrates a version 1 archive', async () => {
    server.createDatabase('recovery');
    const url = server.urlOf('recovery');
    const dir = tempDir('recovery');
    folders.push(dir);
    fs.cpSync(SEEDS, dir, { recursive: true });
    // Tabs, backslashes, line breaks and characters beyond ASCII go through binary COPY unescaped.
    const odd = '---\ntitle: Caf\u00e9 \\ report\n---\nThe caf\u00e9 said\t\u201cno\u201d \\ twice.\r\n\nA second 𝔭aragraph, with a surrogate pair.\n';
    fs.writeFileSync(path.join(dir, 'odd.txt'), odd);
    await loadArchive([dir], [url], { base: dir });
    const client = new Client({ connectionString: url });
    await client.connect();
    const drift = (): Promise<number> => frequencyDrift(client);
    try {
      const row = await client.query(`select text, title, meta from verbatim_articles where key = 'odd'`);
      assert.equal(row.rows[0].text, odd);
      assert.equal(row.rows[0].title, 'Café \\ report');
      assert.equal(row.rows[0].meta.title, 'Café \\ report');
      // An interrupted load: one article committed, its counts never added.
      await client.query(`
        update verbatim_bigram_frequency f set paragraphs = f.paragraphs - c.n
        from (select b, count(*)::int as n from verbatim_paragraphs p join verbatim_articles a on a.id = p.article_id, unnest(p.bigrams) b where a.key = 'odd' group by b) c
        where f.bigram = c.b`);
      await client.query(`insert into verbatim_uncounted select id from verbatim_articles where key = 'odd'`);
      assert.ok((await drift()) > 0);
      // The next load (nothing changed) counts it.
      const again = await loadArchive([dir], [url], { base: dir });
      assert.deepEqual([again.added, again.replaced, again.unchanged], [0, 0, 3]);
      assert.equal(await drift(), 0);
      // A version 1 archive is refused by readers, and migrated by the next load.
      await client.query('drop table verbatim_uncounted');
      await client.query('update verbatim_schema set version = 1');
      const reader = new ArchiveClient([url]);
      await assert.rejects(reader.stats(), /schema version 1/);
      await reader.close();
      const third = await loadArchive([dir], [url], { base: dir });
      assert.deepEqual([third.schemaBefore, third.added, third.replaced, third.unchanged], [1, 0, 0, 3]);
      assert.equal(await drift(), 0);
      assert.equal(Number((await client.query('select count(*) as n from verbatim_uncounted')).rows[0].n), 0);
    } finally {
      await client.end();
    }
  });

  test('the verdict cases and generated quotes get the same verdicts through the archive as through the local index', async () => {
    const url = server.url;
    const localMatcher = new QuoteMatcher(local);
    // The archive side has no local source at all: every candidate and cited article comes from it.
    const empty = new SourceLibrary();
    const store = new PrefetchedStore(() => empty);
    const archiveMatcher = new QuoteMatcher(empty, undefined, [store]);
    const client = new ArchiveClient([url]);
    try {
      const questions = [
        ...corpus.quotes.map((q) => ({ text: q.text, cited: [q.cited] })),
        ...cases.flatMap((c) => [...c.draft.matchAll(/["“]([^"”]+)["”][^[]*\[@([^\]]+)\]/g)].map((m) => ({ text: m[1]!, cited: [m[2]!] }))),
      ];
      assert.ok(questions.length > 200, `${questions.length} questions`);
      const patterns = questions.map((q) => parseQuotePattern(q.text, 0, q.text.length));
      await prefetch(store, client, patterns, questions.flatMap((q) => q.cited));
      const kinds = new Set<string>();
      questions.forEach((q, i) => {
        const pattern = patterns[i]!;
        const expected = localMatcher.check(pattern, q.cited.map((key) => local.get(key)).filter((e) => e !== undefined));
        const actual = archiveMatcher.check(pattern, q.cited.map((key) => store.entry(key)).filter((e) => e !== undefined));
        kinds.add(expected.kind);
        assert.equal(verdictSummary(actual), verdictSummary(expected), `"${q.text}" [@${q.cited.join('; @')}]`);
      });
      assert.deepEqual([...kinds].sort(), ['misquote', 'not-found', 'verbatim', 'wrong-source']);
    } finally {
      await client.close();
    }
  });

  test('check --archive gives a draft the same diagnostics as the local library (CLI)', () => {
    const work = tempDir('draft');
    folders.push(work);
    fs.mkdirSync(path.join(work, 'sources'));
    fs.writeFileSync(path.join(work, 'sources', 'memo.txt'), 'A short memo about the weather, which was fine all week.\n');
    const sample = corpus.quotes.filter((_, i) => i % 3 === 0);
    fs.writeFileSync(path.join(work, 'draft.md'), sample.map((q) => `He said “${q.text}” [@${q.cited}].`).join('\n\n') + '\n');
    const summary = (stdout: string) =>
      (JSON.parse(stdout) as Array<{ line: number; code: string; message: string; suggestion?: string; source?: { text: string } }>).map(
        (d) => `${d.line} ${d.code} ${d.message} ${d.suggestion ?? ''} ${d.source?.text ?? ''}`,
      );
    const localRun = cli(['check', 'draft.md', '--sources', corpus.dir, '--format', 'json', '--no-cache'], work);
    const archiveRun = cli(['check', 'draft.md', '--sources', 'sources', '--archive', server.url, '--format', 'json', '--no-cache'], work);
    assert.equal(archiveRun.status, localRun.status, archiveRun.stderr);
    const expected = summary(localRun.stdout);
    assert.ok(expected.some((line) => line.includes(' misquote ')) && expected.some((line) => line.includes(' wrong-source ')));
    assert.deepEqual(summary(archiveRun.stdout), expected);
    const text = cli(['check', 'draft.md', '--sources', 'sources', '--archive', server.url], work);
    assert.match(text.stdout, /checked against 1 source and the archive/);
  });

  test('check --archive finds unquoted reuse in archived articles as the local library does (CLI)', () => {
    const work = tempDir('reuse');
    folders.push(work);
    fs.mkdirSync(path.join(work, 'sources'));
    fs.writeFileSync(path.join(work, 'sources', 'memo.txt'), 'A short memo about the weather, which was fine all week.\n');
    // Runs of 15 words copied from every fifth article, inside sentences of the writer's own.
    const entries = local.sources().filter((entry) => !entry.source.path.includes('/seeds/') && entry.words.ids.length > 200);
    const paragraphs = entries
      .filter((_, i) => i % 5 === 0)
      .map((entry, i) => {
        const from = 40 + ((i * 37) % 120);
        const run = entry.source.text.slice(entry.words.starts[from]!, wordEndAt(entry, from + 14)).replace(/\s+/g, ' ');
        return `In draft paragraph ${i + 1} the writer notes that ${run}, as the record shows.`;
      });
    assert.ok(paragraphs.length >= 4);
    fs.writeFileSync(path.join(work, 'draft.md'), `# Reuse\n\n${paragraphs.join('\n\n')}\n`);
    const reuse = (stdout: string) =>
      (JSON.parse(stdout) as Array<{ line: number; column: number; endColumn: number; code: string; message: string; key?: string }>)
        .filter((d) => d.code === 'unquoted-reuse')
        .map((d) => `${d.line}:${d.column}-${d.endColumn} @${d.key} ${d.message}`);
    const localRun = cli(['check', 'draft.md', '--sources', corpus.dir, '--format', 'json', '--no-cache'], work);
    const archiveRun = cli(['check', 'draft.md', '--sources', 'sources', '--archive', server.url, '--format', 'json', '--no-cache'], work);
    assert.equal(archiveRun.status, localRun.status, archiveRun.stderr);
    const expected = reuse(localRun.stdout);
    assert.ok(expected.length >= paragraphs.length - 1, expected.join('\n'));
    assert.deepEqual(reuse(archiveRun.stdout), expected);
    // Off: the archive finds none either.
    const off = cli(['check', 'draft.md', '--sources', 'sources', '--archive', server.url, '--format', 'json', '--no-cache', '--no-reuse'], work);
    assert.deepEqual(reuse(off.stdout), []);
  });

  test('sharded: two servers behind the client give the same verdicts as one', async () => {
    const second = await startPostgres();
    try {
      server.createDatabase('shard_a');
      const shards = [server.urlOf('shard_a'), second.url];
      const report = cli(['archive', 'load', corpus.dir, '--db', shards[0]!, '--db', shards[1]!], corpus.dir);
      assert.equal(report.status, 0, report.stderr);
      const one = new ArchiveClient([server.url]);
      const two = new ArchiveClient(shards);
      try {
        const [a, b] = await Promise.all([new ArchiveClient([shards[0]!]).stats(), new ArchiveClient([shards[1]!]).stats()]);
        const whole = await one.stats();
        assert.ok(a.articles > 0 && b.articles > 0, 'both shards hold articles');
        assert.equal(a.articles + b.articles, whole.articles);
        assert.equal((await two.stats()).paragraphs, whole.paragraphs);
        const empty = new SourceLibrary();
        const verdicts = async (client: ArchiveClient): Promise<string[]> => {
          const store = new PrefetchedStore(() => empty);
          const matcher = new QuoteMatcher(empty, undefined, [store]);
          const patterns = corpus.quotes.map((q) => parseQuotePattern(q.text, 0, q.text.length));
          await prefetch(store, client, patterns, corpus.quotes.map((q) => q.cited));
          return corpus.quotes.map((q, i) => verdictSummary(matcher.check(patterns[i]!, [store.entry(q.cited)!])));
        };
        assert.deepEqual(await verdicts(two), await verdicts(one));
        // A key prefix (name and year) no title word starts with: title matches come unordered from each shard.
        const prefix = corpus.articles[5]!.key.slice(0, corpus.articles[5]!.key.indexOf('-'));
        assert.deepEqual(await two.completeKeys(prefix, 50), await one.completeKeys(prefix, 50));
      } finally {
        await one.close();
        await two.close();
      }
    } finally {
      second.destroy();
    }
  });

  test('a quote is asked in two queries, its candidates bringing the texts of their articles', async () => {
    const client = new ArchiveClient([server.url]);
    try {
      const q = corpus.quotes.find((quote) => quote.text.split(' ').length >= 8)!;
      const empty = new SourceLibrary();
      const store = new PrefetchedStore(() => empty);
      const pattern = parseQuotePattern(q.text, 0, q.text.length);
      await prefetch(store, client, [pattern], [q.cited]);
      // The bigrams' counts, then the candidates with their texts: the cited article was among them.
      assert.equal(client.queries, 2);
      assert.ok(store.entry(q.cited) !== undefined);
      assert.ok(store.candidates(pattern, 8).length > 0);
      // Asked again later, an article comes from the database (texts are handed over once).
      await client.articles([q.cited]);
      assert.equal(client.queries, 3);
    } finally {
      await client.close();
    }
  });

  test('a draft\'s hundreds of quotes are all asked, none failing while they wait for a connection', async () => {
    // A connect timeout far shorter than hundreds of lookups take together: asked all at once, the
    // later ones waited for one of the pool's connections past it and came back "could not be asked".
    const client = new ArchiveClient([server.url], { connectMs: 300, statementMs: 5_000 });
    try {
      const patterns = Array.from({ length: 4 }, () => corpus.quotes)
        .flat()
        .map((q) => parseQuotePattern(q.text, 0, q.text.length));
      const answers = await client.passages(patterns);
      assert.equal(answers.filter((a) => !a.ok).length, 0, client.problem);
      assert.ok(answers.filter((a) => a.ok && a.value.length > 0).length > corpus.quotes.length, 'candidates were found');
    } finally {
      await client.close();
    }
  });

  test('keys complete by prefix and by title words', async () => {
    const client = new ArchiveClient([server.url]);
    try {
      const article = corpus.articles[3]!;
      const byPrefix = await client.completeKeys(article.key.slice(0, article.key.length - 1), 10);
      assert.ok(byPrefix?.some((k) => k.key === article.key));
      // A word of the title (its year), which no key starts with.
      const byTitle = await client.completeKeys(String(article.address.year), 50);
      assert.ok(byTitle?.some((k) => k.key === article.key), JSON.stringify(byTitle));
      assert.ok(byTitle!.every((k) => k.title.includes(String(article.address.year))), JSON.stringify(byTitle));
      // A word's start, in any case; never the middle of a word.
      const name = article.address.lastName;
      const byWordStart = await client.completeKeys(name.slice(0, 4).toUpperCase(), 50);
      assert.ok(byWordStart?.some((k) => k.title.includes(`(${name})`)), JSON.stringify(byWordStart));
      assert.deepEqual(await client.completeKeys('nion', 50), []);
    } finally {
      await client.close();
    }
  });

  describe('faults', () => {
    const draftLines = (appealSentence: string) => [
      `“${appealSentence}” [@appeal-archived].`,
      '',
      '“Any announcement of compromise made on behalf of the people of Artsakh is rejected” [@000_473b4c7a88a0911c].',
    ];

    test('unreachable at start: local quotes are judged, archived ones are archive-unavailable, no password shown', async () => {
      const work = tempDir('down');
      folders.push(work);
      fs.cpSync(SEEDS, path.join(work, 'sources'), { recursive: true });
      fs.writeFileSync(path.join(work, 'draft.md'), draftLines('The people of the archive said this long sentence once').join('\n') + '\n');
      const closed = `postgres://postgres:sekret@127.0.0.1:${server.port + 1}/verbatim`;
      const run = cli(['check', 'draft.md', '--archive', closed, '--format', 'json', '--no-cache'], work);
      assert.equal(run.status, 1, run.stderr);
      const diagnostics = JSON.parse(run.stdout) as Array<{ code: string; severity: string }>;
      assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [
        ['archive-unavailable', 'information'],
        ['misquote', 'warning'],
      ]);
      assert.match(run.stderr, /could not be reached \(connection refused\)/);
      assert.ok(!run.stderr.includes('sekret') && !run.stdout.includes('sekret'), 'the password is never shown');
    });

    test('lost while open, then back: unavailable meanwhile, answered again after reconnecting by itself', async () => {
      const own = await startPostgres();
      const client = new ArchiveClient([own.url]);
      try {
        await loadArchive([SEEDS], [own.url], { base: SEEDS });
        const empty = new SourceLibrary();
        const store = new PrefetchedStore(() => empty);
        const events: boolean[] = [];
        client.onReachability((reachable) => events.push(reachable));
        const quote = (text: string) => parseQuotePattern(text, 0, text.length);
        await prefetch(store, client, [quote('Any statement of compromise made on behalf of the people')], []);
        assert.equal(store.candidates(quote('Any statement of compromise made on behalf of the people'), 8).length > 0, true);
        own.stop();
        const lost = quote('the people of Artsakh have the right to ask publicly');
        // A key not asked before the loss: unavailable, not absent.
        await prefetch(store, client, [lost], ['not-archived-yet']);
        assert.equal(store.answered(lost), false);
        assert.equal(store.answered('not-archived-yet'), false);
        // The article fetched before the loss is kept, not asked again.
        assert.equal(store.entry('000_473b4c7a88a0911c')?.source.key, '000_473b4c7a88a0911c');
        assert.deepEqual(events, [false]);
        own.restart();
        assert.equal(await client.ping(), true);
        assert.deepEqual(events, [false, true]);
        store.forgetUnavailable();
        await prefetch(store, client, [lost], ['not-archived-yet']);
        assert.equal(store.answered(lost), true);
        assert.ok(store.candidates(lost, 8).length > 0);
        // Answered now: the archive has no such key.
        assert.equal(store.answered('not-archived-yet'), true);
        assert.equal(store.entry('not-archived-yet'), undefined);
      } finally {
        await client.close();
        own.destroy();
      }
    });

    test('slow: a statement timeout makes the quote unavailable, not absent', async () => {
      const client = new ArchiveClient([server.url], { connectMs: 3_000, statementMs: 300 });
      const blocker = new Client({ connectionString: server.url });
      await blocker.connect();
      try {
        const pattern = parseQuotePattern('the committee of the whole house', 0, 32);
        assert.equal(await client.ping(), true);
        await blocker.query('begin');
        await blocker.query('lock table verbatim_paragraphs in access exclusive mode');
        const [answer] = await client.passages([pattern]);
        assert.equal(answer!.ok, false);
        assert.equal(client.problem, 'statement timeout');
        await blocker.query('rollback');
        const [again] = await client.passages([pattern]);
        assert.equal(again!.ok, true);
        assert.equal(client.problem, undefined);
      } finally {
        await blocker.end();
        await client.close();
      }
    });

    test('a database of another schema version, or none, is refused with a reason', async () => {
      server.createDatabase('newer');
      server.createDatabase('bare');
      const newer = server.urlOf('newer');
      await loadArchive([SEEDS], [newer], { base: SEEDS });
      const admin = new Client({ connectionString: newer });
      await admin.connect();
      await admin.query('update verbatim_schema set version = $1', [SCHEMA_VERSION + 1]);
      await admin.end();
      for (const [url, reason] of [
        [newer, /newer than this Verbatim/],
        [server.urlOf('bare'), /holds no Verbatim archive/],
      ] as const) {
        const client = new ArchiveClient([url]);
        try {
          assert.equal(await client.ping(), false);
          assert.match(client.problem ?? '', reason);
          const [answer] = await client.passages([parseQuotePattern('any statement of compromise made', 0, 32)]);
          assert.equal(answer!.ok, false);
        } finally {
          await client.close();
        }
      }
      const refused = cli(['archive', 'load', SEEDS, '--db', newer], REPO);
      assert.equal(refused.status, 2);
      assert.match(refused.stderr, /newer than this Verbatim/);
    });
  });
});
