import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import type { SourceLibrary } from '../../server/src/core/library/sourceLibrary';
import { LibraryHost } from '../../server/src/host/libraryHost';
import type { FileEventKind } from '../../server/src/host/sourceTreeEvents';
import { temporaryFolder } from '../helpers';

// Issue 27: file events reconcile to the cold-start state. A random sequence of file operations,
// each followed by the events an editor's watcher reports for it (a folder moved in is one
// "created" for the folder, a folder removed one "deleted"), leaves the library equal to a cold
// start on the final tree: the same files, keys, texts, skip reasons and key owners.

const NAMES = ['a.md', 'b.txt', 'c.md', 'notes.bin', 'loop.md'];
const FOLDERS = ['x', 'y', 'deep', '.hidden', 'node_modules'];
const CONTENTS = [
  '---\nid: shared\ntitle: One\n---\nThe council met on Tuesday and voted to close the old bridge.\n',
  '---\nid: shared\ntitle: Two\n---\nA second article claims the same key for other words entirely.\n',
  'Plain text without front matter, keyed by its file name, about the harbour and its ships.\n',
  'A\u0000binary\u0000file',
  '',
];

type Op =
  | { kind: 'write'; dir: number; name: number; content: number }
  | { kind: 'delete'; file: number }
  | { kind: 'mkdir'; dir: number; name: number }
  | { kind: 'moveIn'; dir: number; name: number; files: number }
  | { kind: 'removeDir'; dir: number }
  | { kind: 'link'; dir: number; name: number; target: number }
  | { kind: 'rename'; file: number; dir: number; name: number };

const index = fc.nat(20);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('write' as const), dir: index, name: fc.nat(NAMES.length - 1), content: fc.nat(CONTENTS.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), file: index }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('mkdir' as const), dir: index, name: fc.nat(FOLDERS.length - 1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('moveIn' as const), dir: index, name: fc.nat(FOLDERS.length - 1), files: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('removeDir' as const), dir: index }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('link' as const), dir: index, name: fc.nat(NAMES.length - 1), target: index }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename' as const), file: index, dir: index, name: fc.nat(NAMES.length - 1) }) },
);

/** Folders and files under `folder` as the file system has them (links not followed), sorted. */
function walk(folder: string): { dirs: string[]; files: string[] } {
  const dirs = [folder];
  const files: string[] = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      const inner = walk(full);
      dirs.push(...inner.dirs);
      files.push(...inner.files);
    } else {
      files.push(full);
    }
  }
  return { dirs, files };
}

/** Performs one operation; returns the events a watcher reports for it (none when it did nothing). */
function perform(root: string, sources: string, o: Op, serial: number): Array<[string, FileEventKind]> {
  const { dirs, files } = walk(sources);
  const pick = <T>(list: readonly T[], i: number): T | undefined => (list.length === 0 ? undefined : list[i % list.length]);
  const fresh = (target: string): boolean => !fs.existsSync(target) && fs.lstatSync(target, { throwIfNoEntry: false }) === undefined;
  switch (o.kind) {
    case 'write': {
      const file = path.join(pick(dirs, o.dir)!, NAMES[o.name]!);
      if (fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink() || fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) return [];
      const existed = fs.existsSync(file);
      fs.writeFileSync(file, CONTENTS[o.content]!);
      return [[file, existed ? 'changed' : 'created']];
    }
    case 'delete': {
      const file = pick(files, o.file);
      if (file === undefined) return [];
      fs.rmSync(file);
      return [[file, 'deleted']];
    }
    case 'mkdir': {
      const folder = path.join(pick(dirs, o.dir)!, FOLDERS[o.name]!);
      if (!fresh(folder)) return [];
      fs.mkdirSync(folder);
      return [[folder, 'created']];
    }
    case 'moveIn': {
      const target = path.join(pick(dirs, o.dir)!, `${FOLDERS[o.name]!}${serial}`);
      const staged = path.join(root, 'outside', `moved${serial}`);
      fs.mkdirSync(path.join(staged, 'inner'), { recursive: true });
      for (let i = 0; i < o.files; i++) fs.writeFileSync(path.join(i % 2 ? path.join(staged, 'inner') : staged, NAMES[i]!), CONTENTS[(serial + i) % CONTENTS.length]!);
      fs.renameSync(staged, target);
      return [[target, 'created']];
    }
    case 'removeDir': {
      const folder = pick(dirs.slice(1), o.dir);
      if (folder === undefined) return [];
      fs.rmSync(folder, { recursive: true });
      return [[folder, 'deleted']];
    }
    case 'link': {
      const link = path.join(pick(dirs, o.dir)!, NAMES[o.name]!.replace('.', `${serial}.`));
      // A link to a folder of the tree (its own ancestor makes a loop) or to a file of it.
      const target = o.target % 2 === 0 ? pick(dirs, o.target >> 1) : pick(files, o.target >> 1);
      if (target === undefined || !fresh(link)) return [];
      fs.symlinkSync(target, link);
      return [[link, 'created']];
    }
    case 'rename': {
      const file = pick(files, o.file);
      const target = path.join(pick(dirs, o.dir)!, NAMES[o.name]!);
      if (file === undefined || !fresh(target) || target.startsWith(`${file}${path.sep}`)) return [];
      fs.renameSync(file, target);
      return [
        [file, 'deleted'],
        [target, 'created'],
      ];
    }
  }
}

/** What a library holds: every file with its key and text, or its skip reason; and the key owners. */
function contents(library: SourceLibrary): { files: string[]; owners: string[] } {
  const files = library
    .uris()
    .sort()
    .map((uri) => {
      const entry = library.getByUri(uri);
      return entry ? `${uri} @${entry.source.key} ${JSON.stringify(entry.source.text)}` : `${uri} skipped: ${library.skipped().find((s) => s.uri === uri)?.reason}`;
    });
  return { files, owners: library.sources().map((e) => e.source.uri) };
}

async function startHost(root: string, log: (line: string) => void): Promise<LibraryHost> {
  const host = new LibraryHost(log, { cacheDir: null, workers: false, seedsFolder: path.join(root, 'no-seeds') });
  host.configure([root], ['sources'], 'never');
  await host.reload();
  return host;
}

test('property: file operations with their events leave the library equal to a cold start on the final tree', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
      const root = temporaryFolder('verbatim-events-');
      try {
        const sources = path.join(root, 'sources');
        fs.mkdirSync(sources);
        fs.mkdirSync(path.join(root, 'outside'));
        fs.writeFileSync(path.join(sources, 'first.md'), CONTENTS[2]!);
        const host = await startHost(root, () => undefined);
        ops.forEach((o, serial) => {
          const events = perform(root, sources, o, serial);
          if (events.length > 0) host.onFileEvents(events.map(([file, kind]) => [pathToFileURL(file).href, kind] as const));
        });
        const cold = await startHost(root, () => undefined);
        assert.deepEqual(contents(host.library), contents(cold.library));
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    }),
    { numRuns: 60, seed: 27 },
  );
});
