import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import * as zlib from 'node:zlib';
import { RALLY, REPO, TEST_ENV } from '../helpers';

// Verbatim as a user installs it: the npm package (`npm pack`, then `npm install -g`) and the VS Code
// extension (`vsce package`, as VS Code, VSCodium and Open VSX take it). Both are made from the
// built bundles in dist/ (`npm test` builds them first).

interface Manifest {
  name: string;
  version: string;
  publisher?: string;
  license?: string;
  icon?: string;
  repository?: { type: string; url: string } | string;
  homepage?: string;
  bugs?: { url: string } | string;
  engines: Record<string, string>;
  main: string;
  bin: Record<string, string>;
  dependencies?: Record<string, string>;
  enabledApiProposals?: string[];
}

const MANIFEST = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Manifest;

function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd: options.cwd, encoding: 'utf8', env: options.env ?? TEST_ENV });
  if (result.error) throw result.error;
  return result;
}

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `verbatim-${prefix}-`));
}

/** The bundles the built code (the bundles `shipped` keeps, all by default) requires from beside itself (`require("./name")`), by file name. */
function siblingBundles(shipped: (bundle: string) => boolean = () => true): string[] {
  const names = new Set<string>();
  for (const file of fs.readdirSync(path.join(REPO, 'dist')).filter((f) => f.endsWith('.js') && shipped(f))) {
    const code = fs.readFileSync(path.join(REPO, 'dist', file), 'utf8');
    for (const match of code.matchAll(/require\("\.\/([\w.-]+)"\)/g)) names.add(`${match[1]!.replace(/\.js$/, '')}.js`);
  }
  return [...names].sort();
}

/** A zip file's entries (a .vsix is one), by name, inflated. */
function zipEntries(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'a zip file');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const stored = zip.subarray(data, data + size);
    entries.set(name, method === 8 ? zlib.inflateRawSync(stored) : Buffer.from(stored));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

describe('the npm package', () => {
  test('lists no run-time dependencies: every library is bundled into dist/', () => {
    // A global install would otherwise fetch packages the bundles never load.
    assert.deepEqual(MANIFEST.dependencies ?? {}, {});
    const external = new Set<string>();
    for (const file of fs.readdirSync(path.join(REPO, 'dist')).filter((f) => f.endsWith('.js'))) {
      const code = fs.readFileSync(path.join(REPO, 'dist', file), 'utf8');
      // A require written inside a string or template is code a library generates, not one it runs:
      // ajv's `require("ajv/dist/runtime/equal")` is for standalone validators; the bundle holds the module.
      for (const match of code.matchAll(/(?<!['`])require\("([^".][^"]*)"\)/g)) external.add(match[1]!.replace(/^node:/, ''));
    }
    // What the bundles still require is Node's own, VS Code's API (the extension host provides it) or
    // an optional module required inside a try (pg's native binding, linkedom's canvas), never loaded.
    const builtins = new Set(require('node:module').builtinModules as string[]);
    const optional = new Set(['vscode', 'pg-native', 'canvas']);
    assert.deepEqual([...external].filter((name) => !builtins.has(name) && !optional.has(name)), []);
  });

  test('npm pack, then npm install -g from the file: `verbatim check` works on a draft, with nothing fetched', () => {
    const work = tempDir('pack');
    const packed = run('npm', ['pack', '--pack-destination', work, '--ignore-scripts', '--silent'], { cwd: REPO });
    assert.equal(packed.status, 0, packed.stderr);
    const tarball = path.join(work, packed.stdout.trim().split('\n').pop()!);
    assert.ok(fs.existsSync(tarball), packed.stdout);

    // --offline: the install may not need the registry at all.
    const prefix = path.join(work, 'prefix');
    const installed = run('npm', ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], { cwd: work });
    assert.equal(installed.status, 0, installed.stderr);
    const packageDir = path.join(prefix, 'lib', 'node_modules', MANIFEST.name);
    assert.ok(fs.existsSync(path.join(packageDir, 'package.json')));
    assert.equal(fs.existsSync(path.join(packageDir, 'node_modules')), false, 'no dependency was installed');

    // A writer's folder with a draft and no sources: the bundled seed articles are the library.
    const drafts = path.join(work, 'drafts');
    fs.mkdirSync(drafts);
    const quote = 'Any statement of compromise made on behalf of the people of Artsakh is rejected';
    fs.writeFileSync(path.join(drafts, 'draft.md'), `The minister said "${quote}" [@${RALLY}].\n`);
    fs.writeFileSync(path.join(drafts, 'misquote.md'), `The minister said "${quote.replace('statement', 'announcement')}" [@${RALLY}].\n`);
    const verbatim = path.join(prefix, 'bin', 'verbatim');
    const env = { ...TEST_ENV, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env['PATH'] ?? ''}` };
    const clean = run(verbatim, ['check', 'draft.md'], { cwd: drafts, env });
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /^0 errors, 0 warnings, 0 information in 1 file \(1 quote checked against 2 sources\)$/m);
    const wrong = run(verbatim, ['check', 'misquote.md'], { cwd: drafts, env });
    assert.equal(wrong.status, 1, wrong.stdout + wrong.stderr);
    assert.match(wrong.stdout, /^misquote\.md:1:19: warning misquote: misquote of @\S+: source says "statement", not "announcement"$/m);
    const version = run(verbatim, ['--version'], { cwd: drafts, env });
    assert.equal(version.stdout.trim(), MANIFEST.version);
    fs.rmSync(work, { recursive: true, force: true });
  });
});

describe('the VS Code extension (.vsix)', () => {
  test('the manifest has what VS Code, VSCodium and Open VSX ask of an extension', () => {
    assert.ok(MANIFEST.publisher, 'publisher');
    assert.ok(MANIFEST.license, 'license');
    assert.match(MANIFEST.engines['vscode'] ?? '', /^\^\d+\.\d+\.\d+$/);
    assert.equal(MANIFEST.enabledApiProposals, undefined, 'no proposed API (Open VSX and VSCodium builds refuse them)');
    const repository = typeof MANIFEST.repository === 'string' ? MANIFEST.repository : MANIFEST.repository?.url;
    assert.match(repository ?? '', /^https:\/\//);
    assert.match(MANIFEST.homepage ?? '', /^https:\/\//);
    assert.match((typeof MANIFEST.bugs === 'string' ? MANIFEST.bugs : MANIFEST.bugs?.url) ?? '', /^https:\/\//);
    // The Marketplace and Open VSX take a PNG icon of at least 128×128 (an SVG is refused).
    assert.match(MANIFEST.icon ?? '', /\.png$/);
    const png = fs.readFileSync(path.join(REPO, MANIFEST.icon!));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });

  test('vsce package, with no allowance flag, holds the bundles, the grammar, the seeds, the license and the docs, and nothing else', () => {
    const work = tempDir('vsix');
    const vsix = path.join(work, 'verbatim.vsix');
    const packaged = run(path.join(REPO, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', vsix], { cwd: REPO });
    assert.equal(packaged.status, 0, packaged.stdout + packaged.stderr);
    const entries = zipEntries(fs.readFileSync(vsix));
    const files = [...entries.keys()].filter((name) => name.startsWith('extension/')).map((name) => name.slice('extension/'.length)).sort();
    for (const file of ['package.json', 'readme.md', 'changelog.md', 'LICENSE.txt', MANIFEST.icon!, MANIFEST.main.replace(/^\.\//, ''), 'dist/server.js', 'dist/indexWorker.js']) {
      assert.ok(files.includes(file), `${file} in ${files.join(', ')}`);
    }
    // Every bundle that a shipped bundle requires from beside itself ships too (the parsers loaded on
    // demand); the CLI's own (dist/cli.js and the `verbatim mcp` bundle it requires) are not in the .vsix.
    for (const bundle of siblingBundles((file) => files.includes(`dist/${file}`))) assert.ok(files.includes(`dist/${bundle}`), `dist/${bundle}`);
    assert.ok(files.some((f) => /^seeds\/.+\.txt$/.test(f)) && files.some((f) => /^syntaxes\/.+\.json$/.test(f)));
    const unexpected = files.filter((f) => !/^(package\.json|readme\.md|changelog\.md|LICENSE\.txt|images\/icon\.png|dist\/[\w-]+\.js|seeds\/[^/]+\.(txt|md)|syntaxes\/[^/]+\.json)$/.test(f));
    assert.deepEqual(unexpected, [], 'no source, map, test or node_modules file');
    // The gallery manifest names the license and the icon, and no proposed API.
    const gallery = entries.get('extension.vsixmanifest')!.toString('utf8');
    assert.match(gallery, /<License>extension\/LICENSE\.txt<\/License>/);
    assert.match(gallery, /<Icon>extension\/images\/icon\.png<\/Icon>/);
    assert.match(gallery, /Id="Microsoft\.VisualStudio\.Code\.EnabledApiProposals" Value=""/);
    assert.deepEqual(JSON.parse(entries.get('extension/package.json')!.toString('utf8')).dependencies ?? {}, {});
    fs.rmSync(work, { recursive: true, force: true });
  });
});
