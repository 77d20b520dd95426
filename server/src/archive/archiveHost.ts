/**
 * The archive as the language server uses it: one client for the `archive.url` setting, a store of
 * prefetched answers the service reads, and reconnection. When the archive stops answering, the
 * host asks it again every few seconds; once it answers, the answers that failed are forgotten and
 * the open drafts are checked again (`onChange`). Its state (connected with an article count,
 * unreachable, reconnecting) is reported through `onStatus`. Articles are fetched once, on the first
 * key feature or check that needs them, and kept in the store.
 */
import { PrefetchedStore, type LanguageService, type ServiceDocument, prefetch } from '../service';
import type { ArchiveStatus } from '../../../protocol/src/messages';
import type { SourceLibrary } from '../core/library/sourceLibrary';
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
  private state: ArchiveStatus['state'] = 'connecting';
  private articleCount: number | undefined;
  /** Called when what the archive answers changed (set, unset, reachable again). */
  onChange: () => void = () => undefined;
  /** Called when `status()` changed. */
  onStatus: () => void = () => undefined;

  constructor(
    private readonly library: () => SourceLibrary,
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
      const client = new ArchiveClient(urls, this.timeouts);
      this.client = client;
      this.state = 'connecting';
      this.articleCount = undefined;
      client.onReachability((reachable) => this.reachabilityChanged(reachable));
      this.log(`archive: ${urls.map(describeArchive).join(', ')}`);
      void this.refreshCount(client);
    }
    this.onChange();
    this.onStatus();
  }

  /** The archive's state for the status bar; undefined when none is set. */
  status(): ArchiveStatus | undefined {
    const client = this.client;
    if (client === undefined) return undefined;
    const problem = this.state === 'unreachable' || this.state === 'reconnecting' ? client.problem : undefined;
    return {
      state: this.state,
      address: client.description,
      ...(this.articleCount !== undefined ? { articles: this.articleCount } : {}),
      ...(problem !== undefined ? { problem } : {}),
    };
  }

  /** Counts the archive's articles again (it grows while the editor is open); never throws. */
  async refreshCount(client = this.client): Promise<void> {
    if (client === undefined) return;
    const count = await client.articleCount();
    if (this.client !== client || count === undefined) return;
    this.articleCount = count;
    this.state = 'connected';
    this.onStatus();
  }

  /** Whether the archive is worth asking now: set, and not known to be unreachable. */
  private get answering(): boolean {
    return this.client !== undefined && this.state !== 'unreachable' && this.state !== 'reconnecting';
  }

  /**
   * Fetches the articles of `keys` that neither the library nor the store knows yet (for a key's
   * hover, definition or completion card), so the service finds them in the store. Never throws.
   */
  async fetchKeys(keys: readonly string[]): Promise<void> {
    const client = this.client;
    if (client === undefined) return;
    const library = this.library();
    const wanted = keys.filter((key) => library.get(key) === undefined && library.catalogue.get(key) === undefined && !this.store.hasArticle(key));
    if (wanted.length === 0) return;
    // Known to be down: not waited for, but the key is not said to be absent either (until it answers again).
    if (!this.answering) for (const key of wanted) this.store.recordArticle(key, { ok: false });
    else await prefetch(this.store, client, [], wanted);
  }

  /** The text of the archived article `key` (fetched once, then from the store); undefined when there is none or no answer. */
  async articleText(key: string): Promise<string | undefined> {
    if (this.client === undefined) return undefined;
    if (!this.store.hasArticle(key) || !this.store.answered(key)) {
      const client = this.client;
      await prefetch(this.store, client, [], [key]);
    }
    return this.store.entry(key)?.source.text;
  }

  /** Whether an archive is set. */
  get active(): boolean {
    return this.client !== undefined;
  }

  /** Asks the archive what a check of `document` needs (before the check). Never throws. */
  async prepare(service: LanguageService, document: ServiceDocument): Promise<void> {
    const client = this.client;
    if (client === undefined) return;
    await service.prefetch(document, this.store, client);
  }

  /** Lets the articles a closed draft needed be forgotten when room is needed. */
  forget(uri: string): void {
    this.store.unpin(uri);
  }

  /** Keys starting with `typed` and titles like it, from the archive; undefined when it does not answer. */
  async completeKeys(typed: string, limit: number): Promise<ArchiveKey[] | undefined> {
    // An archive known to be down is not waited for on every keystroke: the retry finds it again.
    return this.answering ? this.client?.completeKeys(typed, limit) : undefined;
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
      this.state = this.state === 'connected' ? 'reconnecting' : 'unreachable';
      this.onStatus();
      this.scheduleRetry(client);
      return;
    }
    this.log('archive reachable again');
    this.stopRetry();
    this.store.forgetUnavailable();
    this.state = 'connected';
    this.onChange();
    this.onStatus();
    void this.refreshCount(client);
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
