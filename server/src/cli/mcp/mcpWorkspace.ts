import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CliArguments } from '../arguments';
import {
  bibliographyFiles,
  checkDraft,
  draftBibliographies,
  draftUri,
  findDrafts,
  libraryFolders,
  openCheckSession,
  type CheckSession,
} from '../checkSession';
import type { CliIO } from '../cliIO';
import { draftOfBytes, type DraftFile } from '../draftFiles';
import type { CheckedDraft } from '../findings';
import { AllowedFolders, readDraftBytes } from './allowedFolders';

/** Drafts larger than this are refused (a book manuscript is about 1 MB of Markdown). */
export const MAX_DRAFT_BYTES = 4 * 1024 * 1024;

/** Libraries kept for drafts naming bibliographies the first library lacks. */
const KEPT_SESSIONS = 4;

/** Drafts of the working folder read on start for the bibliographies they name, at most. */
const MAX_START_DRAFTS = 1_000;

/** Folders of the sources watched at most (a folder tree larger than that is seen as of the last opening beyond it). */
const MAX_WATCHED_FOLDERS = 2_000;

/** `root` and the folders under it (not following links, skipping dot-folders and node_modules, as the library does), at most `limit`. */
function foldersUnder(root: string, limit: number): string[] {
  const found = [root];
  for (let i = 0; i < found.length && found.length < limit; i++) {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(found[i]!, { withFileTypes: true });
    } catch {
      continue; // unreadable or gone: nothing to watch there
    }
    for (const entry of entries) {
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') found.push(path.join(found[i]!, entry.name));
    }
  }
  return found.slice(0, limit);
}

/** The name a draft sent as text is checked under (its `bibliography:` is relative to the working folder). */
export const TEXT_DRAFT = '<text>';

/**
 * What `verbatim mcp` reads from. Its library is the one `verbatim check` (no files) uses in the
 * working folder: the source folders with `--bibliography` and the bibliographies the folder's
 * drafts name; it is opened once, on start, and kept, and opened again (from the index file)
 * on the first call after a source or bibliography changed. A draft naming a bibliography it lacks gets a
 * library of its own, kept too (the few last). Each check is `check`'s own, with the draft's scope.
 */
export class McpWorkspace {
  /** Where drafts may be: the working folder and the source folders. */
  readonly draftFolders: AllowedFolders;
  /** What a library may read besides: the folders of `--bibliography` files (their attachments). */
  private readonly readable: AllowedFolders;
  private first: Promise<CheckSession> | undefined;
  /** Further sessions by the bibliographies they were opened for. */
  private readonly sessions = new Map<string, Promise<CheckSession>>();
  /** Watchers of the source folders and `--bibliography` files (none when the system refuses them). */
  private readonly watchers: fs.FSWatcher[] = [];
  /** Set when a watched file changed: the next call opens the library again (from the index file). */
  private changed = false;

  constructor(
    private readonly args: CliArguments,
    private readonly io: CliIO,
  ) {
    const sources = libraryFolders(args, io.cwd).map((folder) => path.resolve(io.cwd, folder));
    this.draftFolders = new AllowedFolders([io.cwd, ...sources]);
    this.readable = new AllowedFolders([io.cwd, ...sources, ...args.bibliographies.map((file) => path.dirname(path.resolve(io.cwd, file)))]);
  }

  /** The library of the working folder (see the class); opened on the first call. */
  library(): Promise<CheckSession> {
    if (this.first === undefined || this.changed) {
      // After a change, what the index file holds unchanged is reused: only changed files are read.
      this.changed = false;
      this.watch();
      const previous = [...(this.first ? [this.first] : []), ...this.sessions.values()];
      this.sessions.clear();
      const opening = openCheckSession(this.args, this.io, this.startDrafts(), this.limits());
      this.first = opening;
      // A failed opening is not kept: the next call tries again (a source folder may have been fixed).
      opening.catch(() => this.first === opening && (this.first = undefined));
      for (const old of previous) void old.then((s) => s.archive?.client.close(), () => undefined);
    }
    return this.first;
  }

  /**
   * Watches the source folders (each of their folders: a directory's watch reports the files in it,
   * and a recursive watch would hold one per file) and the `--bibliography` files, so that a source
   * added, changed or removed is seen by the next call.
   */
  private watch(): void {
    for (const watcher of this.watchers.splice(0)) watcher.close();
    const sources = libraryFolders(this.args, this.io.cwd).map((folder) => path.resolve(this.io.cwd, folder));
    const targets = [...sources.flatMap((folder) => foldersUnder(folder, MAX_WATCHED_FOLDERS)), ...this.args.bibliographies.map((file) => path.resolve(this.io.cwd, file))];
    for (const target of targets.slice(0, MAX_WATCHED_FOLDERS)) {
      try {
        const watcher = fs.watch(target, { persistent: false }, () => (this.changed = true));
        watcher.on('error', () => (this.changed = true));
        this.watchers.push(watcher);
      } catch (error) {
        // Out of the system's watches, say: changes there are seen after a restart.
        this.io.err(`verbatim mcp: cannot watch ${target} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); restart the server to see its changes\n`);
        return;
      }
    }
  }

  /** A draft named by path: read if it is a draft inside the folders (else `PathRefused`), UTF-8 (else `UsageError`). */
  readDraft(name: string): DraftFile {
    const real = this.draftFolders.resolveDraft(name, this.io.cwd, MAX_DRAFT_BYTES);
    return draftOfBytes(readDraftBytes(real, MAX_DRAFT_BYTES), real, name);
  }

  /** Checks a draft as `verbatim check` would: against `--bibliography` and its own bibliographies. */
  async check(draft: DraftFile): Promise<CheckedDraft> {
    // A Word document names no bibliography (its fields carry their items), as in `check`.
    const own = 'text' in draft ? draftBibliographies(this.io, draft.file, draft.text, this.limits()) : [];
    const first = await this.library();
    const session = own.every((file) => first.bibliographies.includes(file)) ? first : await this.sessionFor(own, draft);
    const given = bibliographyFiles(this.args, this.io, []);
    session.scopes.set(draftUri(this.io, draft.file), { bibliographies: new Set([...given, ...own].map((f) => pathToFileURL(f).href)) });
    return checkDraft(session, this.io, draft);
  }

  /** Closes what the sessions hold open (an archive's connections). */
  async close(): Promise<void> {
    for (const watcher of this.watchers) watcher.close();
    const sessions = await Promise.allSettled([...(this.first ? [this.first] : []), ...this.sessions.values()]);
    for (const result of sessions) if (result.status === 'fulfilled') await result.value.archive?.client.close();
  }

  private sessionFor(bibliographies: readonly string[], draft: DraftFile): Promise<CheckSession> {
    const id = [...bibliographies].sort().join('\n');
    const kept = this.sessions.get(id);
    if (kept) return kept;
    const opening = openCheckSession(this.args, this.io, [draft], this.limits());
    this.sessions.set(id, opening);
    opening.catch(() => this.sessions.get(id) === opening && this.sessions.delete(id));
    for (const [oldest, dropped] of this.sessions) {
      if (this.sessions.size <= KEPT_SESSIONS) break;
      this.sessions.delete(oldest);
      void dropped.then((s) => s.archive?.client.close(), () => undefined);
    }
    return opening;
  }

  /** The working folder's drafts (those readable as drafts), for the bibliographies they name. */
  private startDrafts(): DraftFile[] {
    const sources = libraryFolders(this.args, this.io.cwd).map((folder) => path.resolve(this.io.cwd, folder));
    const drafts: DraftFile[] = [];
    for (const file of findDrafts(this.io.cwd, sources).slice(0, MAX_START_DRAFTS)) {
      try {
        drafts.push(this.readDraft(file));
      } catch {
        // A draft that cannot be read names no bibliography; checking it says why.
      }
    }
    return drafts;
  }

  private limits(): { mayRead: (file: string) => boolean } {
    return { mayRead: (file) => this.readable.contains(file) };
  }
}
