/**
 * The archive as the language server uses it: one client for the `archive.url` setting, a store of
 * prefetched answers the service reads, and reconnection. When the archive stops answering, the
 * host asks it again every few seconds; once it answers, the answers that failed are forgotten and
 * the open drafts are checked again (`onChange`).
 */
import { PrefetchedStore } from '../core/prefetchedStore';
import type { SourceLibrary } from '../core/sourceLibrary';
import type { DocumentModels } from '../service/documentModel';
import type { ServiceContext, ServiceDocument } from '../service/serviceContext';
import { prefetchForDocument } from '../service/storePrefetch';
import { archiveUrls, describeArchive, isArchiveUrl } from './archiveAddress';
import { ArchiveClient, type ArchiveKey } from './archiveClient';
import { DEFAULT_ARCHIVE_TIMEOUTS, type ArchiveTimeouts } from './archiveConnection';

/** How often an unreachable archive is asked again. */
const RETRY_MS = 5_000;

/** The server's connection to an archive, if one is set. */
export class ArchiveHost {
  readonly store: PrefetchedStore;
  private client: ArchiveClient | undefined;
  private setting = '';
  private retry: NodeJS.Timeout | undefined;
  /** Called when what the archive answers changed (set, unset, reachable again). */
  onChange: () => void = () => undefined;

  constructor(
    library: () => SourceLibrary,
    private readonly log: (message: string) => void,
    private readonly timeouts: ArchiveTimeouts = DEFAULT_ARCHIVE_TIMEOUTS,
    private readonly retryMs = RETRY_MS,
  ) {
    this.store = new PrefetchedStore(library);
  }

  /** Uses the archive at `setting` (one URL or shard URLs; '' for none). */
  configure(setting: string): void {
    if (setting === this.setting) return;
    this.setting = setting;
    void this.closeClient();
    this.store.clear();
    const urls = archiveUrls(setting);
    const bad = urls.find((url) => !isArchiveUrl(url));
    if (bad !== undefined) {
      this.log('ignored verbatim.archive.url: it must be postgres:// URLs (separated by spaces for shards)');
    } else if (urls.length > 0) {
      this.client = new ArchiveClient(urls, this.timeouts);
      this.client.onReachability((reachable) => this.reachabilityChanged(reachable));
      this.log(`archive: ${urls.map(describeArchive).join(', ')}`);
    }
    this.onChange();
  }

  /** Whether an archive is set. */
  get active(): boolean {
    return this.client !== undefined;
  }

  /** Asks the archive what a check of `document` needs (before the check). Never throws. */
  async prepare(context: ServiceContext, models: DocumentModels, document: ServiceDocument): Promise<void> {
    const client = this.client;
    if (client === undefined) return;
    await prefetchForDocument(context, models, document, this.store, client);
  }

  /** Keys starting with `typed` and titles like it, from the archive; undefined when it does not answer. */
  async completeKeys(typed: string, limit: number): Promise<ArchiveKey[] | undefined> {
    return this.client?.completeKeys(typed, limit);
  }

  /** Stops retrying and closes the connections. */
  async dispose(): Promise<void> {
    this.setting = '';
    await this.closeClient();
  }

  private reachabilityChanged(reachable: boolean): void {
    const client = this.client;
    if (client === undefined) return;
    if (!reachable) {
      // The reason names no address or credential (see describeArchiveError).
      this.log(`archive unreachable (${client.problem ?? 'unknown reason'}); quotes that need it are marked archive-unavailable; retrying every ${this.retryMs / 1000} s`);
      this.scheduleRetry(client);
      return;
    }
    this.log('archive reachable again');
    this.stopRetry();
    this.store.forgetUnavailable();
    this.onChange();
  }

  private scheduleRetry(client: ArchiveClient): void {
    this.stopRetry();
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (this.client !== client) return;
      void client.ping().then((ok) => {
        if (!ok && this.client === client) this.scheduleRetry(client);
      });
    }, this.retryMs);
    this.retry.unref();
  }

  private stopRetry(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
  }

  private async closeClient(): Promise<void> {
    this.stopRetry();
    const client = this.client;
    this.client = undefined;
    await client?.close();
  }
}
