import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bibliographiesOfDraft, quartoBibliographies } from '../library/catalogueLoader';
import { isInside, realOrSelf } from '../library/sourceFiles';
import { entriesOf, type RootEntries, type WorkspaceTrust } from '../library/sourceLocations';
import type { DraftScope } from '../service';

/**
 * Which bibliographies a workspace uses: those configured (`verbatim.bibliography`, per workspace
 * root, and the roots' Quarto files) and those each open draft names, and so each draft's scope.
 * In an untrusted workspace, files outside it are left out (with a line to the log).
 */
export class DraftBibliographies {
  /** Bibliographies from the setting and the workspace roots' Quarto files, each once. */
  private configured: string[] = [];
  /** The same, by workspace root: a draft in a root uses that root's (a multi-root workspace's folders differ). */
  private byRoot = new Map<string, readonly string[]>();
  /** Bibliographies drafts named (front matter, Quarto files near them), by draft URI. */
  private readonly named = new Map<string, string[]>();
  /** Each draft's scope (see `scopeOf`), with the files it was made of. */
  private readonly scopes = new Map<string, { key: string; scope: DraftScope }>();
  /** Each draft's front matter when it was last looked at: an edit elsewhere reads nothing again. */
  private readonly frontMatters = new Map<string, string>();

  constructor(
    private readonly log: (message: string) => void,
    private readonly trust: () => WorkspaceTrust,
  ) {}

  /**
   * Sets the `verbatim.bibliography` entries (relative to each root; they may differ per root) and
   * reads the roots' Quarto files; true when the bibliographies changed. Untrusted: as for sources,
   * only the user's own entries may name files outside the workspace.
   */
  configure(roots: readonly string[], entries: RootEntries): boolean {
    const files: string[] = [];
    const byRoot = new Map<string, readonly string[]>();
    for (const root of roots) {
      const first = files.length;
      for (const entry of entriesOf(entries, root)) {
        const file = path.resolve(root, entry);
        if (!this.trust().trusted && !(this.trust().userBibliographies ?? []).includes(entry) && !isInside(realOrSelf(file), realOrSelf(root))) {
          this.log(`ignored bibliography "${entry}": it is outside the untrusted workspace ${root}; only your user settings may name such files`);
          continue;
        }
        files.push(file);
      }
      files.push(...this.confined(quartoBibliographies(root, root), root));
      byRoot.set(root, [...new Set(files.slice(first))]);
    }
    const unique = [...new Set(files)];
    const changed = JSON.stringify(unique) !== JSON.stringify(this.configured) || JSON.stringify([...byRoot]) !== JSON.stringify([...this.byRoot]);
    this.configured = unique;
    this.byRoot = byRoot;
    return changed;
  }

  /**
   * Notes the bibliographies an open draft names (front matter `bibliography:`, Quarto files up to
   * its workspace root): all of them when they changed, else undefined. `parsed`: those its own
   * syntax names, when its parse found them already.
   */
  note(uri: string, text: string, roots: readonly string[], parsed?: readonly string[]): readonly string[] | undefined {
    let file: string;
    try {
      file = fileURLToPath(uri);
    } catch {
      return undefined; // an untitled draft names nothing on disk
    }
    const frontMatter = /^\uFEFF?---[ \t]*\r?\n[\s\S]*?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text.slice(0, 64 * 1024))?.[0] ?? '';
    if (this.frontMatters.get(uri) === frontMatter) return undefined;
    this.frontMatters.set(uri, frontMatter);
    const root = roots.find((r) => isInside(path.resolve(file), path.resolve(r))) ?? path.dirname(file);
    const named = this.confined(bibliographiesOfDraft(file, text, root, parsed), root);
    const before = this.named.get(uri) ?? [];
    if (JSON.stringify(named) === JSON.stringify(before)) return undefined;
    this.named.set(uri, named);
    return named;
  }

  /**
   * What a draft may cite: the bibliographies configured for its workspace root (every root's for a
   * draft in none) and those it names (none before `note` saw it), as URIs; and, in a workspace of
   * several roots, the source folders `foldersOf` gives for its root. The same object until they
   * change, so checks cached for it stay valid.
   */
  scopeOf(uri: string, foldersOf: (root: string) => readonly string[]): DraftScope {
    const root = this.rootOf(uri);
    const files = [...(root === undefined ? this.configured : this.byRoot.get(root) ?? []), ...(this.named.get(uri) ?? [])];
    const folders = root !== undefined && this.byRoot.size > 1 ? foldersOf(root) : undefined;
    const key = `${files.join('\n')}\0${folders?.join('\n') ?? '*'}`;
    const known = this.scopes.get(uri);
    if (known?.key === key) return known.scope;
    const scope: DraftScope = { bibliographies: new Set(files.map((file) => pathToFileURL(file).href)), ...(folders ? { sourceFolders: folders } : {}) };
    this.scopes.set(uri, { key, scope });
    return scope;
  }

  /** The innermost workspace root holding a draft; undefined for a draft in none (or untitled). */
  private rootOf(uri: string): string | undefined {
    let file: string;
    try {
      file = fileURLToPath(uri);
    } catch {
      return undefined; // an untitled draft
    }
    let root: string | undefined;
    for (const candidate of this.byRoot.keys()) {
      if (isInside(file, candidate) && (root === undefined || candidate.length > root.length)) root = candidate;
    }
    return root;
  }

  /** Every bibliography in use: configured first, then those drafts named, each once. */
  files(): string[] {
    return [...new Set([...this.configured, ...[...this.named.values()].flat()])];
  }

  /** In an untrusted workspace, files outside `root` (a draft's `../../x.bib`, an absolute path) are left out. */
  private confined(files: readonly string[], root: string): string[] {
    if (this.trust().trusted) return [...files];
    const realRoot = realOrSelf(root);
    return files.filter((file) => {
      const inside = isInside(realOrSelf(file), realRoot);
      if (!inside) this.log(`ignored ${file}: it is outside the untrusted workspace ${root}`);
      return inside;
    });
  }
}
