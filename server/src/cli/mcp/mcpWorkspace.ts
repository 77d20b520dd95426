import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CliArguments } from '../arguments';
import {
  bibliographyFiles,
  checkDraft,
  decodeDraft,
  draftBibliographies,
  draftUri,
  findDrafts,
  libraryFolders,
  openCheckSession,
  type CheckSession,
  type DraftText,
} from '../checkSession';
import type { CliIO } from '../cliIO';
import type { CheckedDraft } from '../findings';
import { AllowedFolders, readDraftBytes } from './allowedFolders';

/** Drafts larger than this are refused (a book manuscript is about 1 MB of Markdown). */
export const MAX_DRAFT_BYTES = 4 * 1024 * 1024;

/** Libraries kept for drafts naming bibliographies the first library lacks. */
const KEPT_SESSIONS = 4;

/** Drafts of the working folder read on start for the bibliographies they name, at most. */
const MAX_START_DRAFTS = 1_000;

/** The name a draft sent as text is checked under (its `bibliography:` is relative to the working folder). */
export const TEXT_DRAFT = '<text>';

/**
 * What `verbatim mcp` reads from. Its library is the one `verbatim check` (no files) uses in the
 * working folder: the source folders with `--bibliography` and the bibliographies the folder's
 * drafts name; it is opened once, on start, and kept. A draft naming a bibliography it lacks gets a
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
    if (this.first === undefined) {
      const opening = openCheckSession(this.args, this.io, this.startDrafts(), this.limits());
      this.first = opening;
      // A failed opening is not kept: the next call tries again (a source folder may have been fixed).
      opening.catch(() => this.first === opening && (this.first = undefined));
    }
    return this.first;
  }

  /** A draft named by path: read if it is a draft inside the folders (else `PathRefused`), UTF-8 (else `UsageError`). */
  readDraft(name: string): DraftText {
    const real = this.draftFolders.resolveDraft(name, this.io.cwd, MAX_DRAFT_BYTES);
    return { file: name, text: decodeDraft(readDraftBytes(real, MAX_DRAFT_BYTES), name) };
  }

  /** Checks a draft as `verbatim check` would: against `--bibliography` and its own bibliographies. */
  async check(draft: DraftText): Promise<CheckedDraft> {
    const own = draftBibliographies(this.io, draft.file, draft.text, this.limits());
    const first = await this.library();
    const session = own.every((file) => first.bibliographies.includes(file)) ? first : await this.sessionFor(own, draft);
    const given = bibliographyFiles(this.args, this.io, []);
    session.scopes.set(draftUri(this.io, draft.file), { bibliographies: new Set([...given, ...own].map((f) => pathToFileURL(f).href)) });
    return checkDraft(session, this.io, draft);
  }

  /** Closes what the sessions hold open (an archive's connections). */
  async close(): Promise<void> {
    const sessions = await Promise.allSettled([...(this.first ? [this.first] : []), ...this.sessions.values()]);
    for (const result of sessions) if (result.status === 'fulfilled') await result.value.archive?.client.close();
  }

  private sessionFor(bibliographies: readonly string[], draft: DraftText): Promise<CheckSession> {
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
  private startDrafts(): DraftText[] {
    const sources = libraryFolders(this.args, this.io.cwd).map((folder) => path.resolve(this.io.cwd, folder));
    const drafts: DraftText[] = [];
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
