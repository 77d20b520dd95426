import * as path from 'node:path';
import { PrefetchedStore } from '../service';
import type { SourceLibrary } from '../core/library/sourceLibrary';
import { describeArchive } from '../archive/archiveAddress';
import { ArchiveClient } from '../archive/archiveClient';
import { describeArchiveError } from '../archive/archiveConnection';
import { loadArchive } from '../archive/archiveLoader';
import type { CliArguments } from './arguments';
import type { CliIO } from './cliIO';

/** `verbatim archive load|stats`: exit status 0, or 2 when the archive cannot be used. */
export async function runArchiveCommand(args: CliArguments, io: CliIO): Promise<number> {
  const urls = args.archive ?? [];
  const where = urls.map(describeArchive).join(', ');
  try {
    if (args.archiveAction === 'load') {
      const folders = args.files.map((folder) => path.resolve(io.cwd, folder));
      const started = Date.now();
      const report = await loadArchive(folders, urls, { base: io.cwd });
      const seconds = (Date.now() - started) / 1000;
      const mb = report.textBytes / 1024 / 1024;
      for (const skipped of report.skipped) io.err(`skipped ${skipped.path}: ${skipped.reason}\n`);
      for (const clash of report.clashes) io.err(`key clash "${clash.key}": ${clash.used} is used, ${clash.ignored} is not\n`);
      if (report.schemaBefore === 0) io.out(`created the archive schema in ${where}\n`);
      io.out(
        `${report.added} added, ${report.replaced} replaced, ${report.unchanged} unchanged, ${report.skipped.length} skipped` +
          ` (${mb.toFixed(1)} MB of text in ${seconds.toFixed(1)} s${seconds > 0 && mb > 0 ? `, ${(mb / seconds).toFixed(1)} MB/s` : ''})\n`,
      );
      return 0;
    }
    const client = new ArchiveClient(urls);
    try {
      const stats = await client.stats();
      const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
      const perByte = stats.textBytes > 0 ? ((stats.tableBytes + stats.indexBytes - stats.textBytes) / stats.textBytes).toFixed(2) : '0';
      if (args.format === 'json') {
        io.out(`${JSON.stringify({ archive: where, ...stats }, null, 2)}\n`);
      } else {
        io.out(
          [
            `archive     ${where} (schema ${stats.schemaVersion}, ${stats.shards} shard${stats.shards === 1 ? '' : 's'})`,
            `articles    ${stats.articles}`,
            `paragraphs  ${stats.paragraphs}`,
            `text        ${mb(stats.textBytes)}`,
            `bigrams     ${stats.bigrams}`,
            `on disk     ${mb(stats.tableBytes)} tables, ${mb(stats.indexBytes)} indexes (${perByte} bytes beyond the text per byte of text)`,
          ].join('\n') + '\n',
        );
      }
      return 0;
    } finally {
      await client.close();
    }
  } catch (error) {
    io.err(`verbatim: archive ${where}: ${describeArchiveError(error)}\n`);
    return 2;
  }
}

/** An archive as a passage store for `check`; says once on stderr when it cannot be reached. */
export async function openArchiveStore(urls: readonly string[], library: SourceLibrary, io: CliIO): Promise<{ client: ArchiveClient; store: PrefetchedStore }> {
  const client = new ArchiveClient(urls);
  const store = new PrefetchedStore(() => library);
  if (!(await client.ping())) {
    io.err(`verbatim: the archive ${client.description} could not be reached (${client.problem}); quotes that need it are reported as archive-unavailable\n`);
  }
  return { client, store };
}
