import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SourceLibrary } from '../server/src/core/library/sourceLibrary';

export const REPO = path.resolve(__dirname, '..');
export const SEEDS = path.join(REPO, 'seeds');
/** Keys of the two seed articles. */
export const RALLY = '000_473b4c7a88a0911c';
export const APPEAL = '001_7824a7d0d4dc771b';

const temporaryFolders: string[] = [];

/** A new empty folder in the system's temporary folder, removed with everything in it when the test process exits. */
export function temporaryFolder(prefix: string): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (temporaryFolders.push(folder) === 1) {
    process.on('exit', () => {
      for (const f of temporaryFolders) {
        try {
          fs.rmSync(f, { recursive: true, force: true, maxRetries: 2 });
        } catch {
          // left behind (a test made part of it unreadable): the system's temporary folder is cleaned in time
        }
      }
    });
  }
  return folder;
}

/**
 * Environment for Verbatim processes started by tests: their index file goes to a temporary
 * folder, not the user's ~/.cache.
 */
export const TEST_ENV: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: temporaryFolder('verbatim-test-cache-') };

/** A library holding the seed articles (and any extra sources given as `name → text`). */
export function seedLibrary(extra: Record<string, string> = {}): SourceLibrary {
  const library = new SourceLibrary();
  for (const name of fs.readdirSync(SEEDS).sort()) {
    const file = path.join(SEEDS, name);
    library.addText({ uri: pathToFileURL(file).href, path: `seeds/${name}`, text: fs.readFileSync(file, 'utf8') });
  }
  for (const [name, text] of Object.entries(extra)) {
    library.addText({ uri: `file:///extra/${name}`, path: `extra/${name}`, text });
  }
  return library;
}

/** A Markdown document; a `|` in `marked` is the cursor, returned as an offset. */
export function markedDocument(marked: string, uri = 'file:///draft.md'): { document: TextDocument; offset: number } {
  const offset = marked.indexOf('|');
  const text = offset >= 0 ? marked.slice(0, offset) + marked.slice(offset + 1) : marked;
  return { document: TextDocument.create(uri, 'markdown', 1, text), offset };
}

/** The text of a seed article. */
export function seedText(key: string): string {
  return fs.readFileSync(path.join(SEEDS, `${key}.txt`), 'utf8');
}

/** The sources of examples/world (articles in British English, French, German, Russian, Armenian, Japanese, Chinese). */
export const WORLD = path.join(REPO, 'examples', 'world');

/** A library holding the examples/world sources (and the seed articles when `withSeeds`). */
export function worldLibrary(withSeeds = false): SourceLibrary {
  const library = withSeeds ? seedLibrary() : new SourceLibrary();
  const folder = path.join(WORLD, 'sources');
  for (const name of fs.readdirSync(folder).sort()) {
    const file = path.join(folder, name);
    library.addText({ uri: pathToFileURL(file).href, path: `examples/world/sources/${name}`, text: fs.readFileSync(file, 'utf8') });
  }
  return library;
}
