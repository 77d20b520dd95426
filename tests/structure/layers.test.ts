/**
 * The layout is the architecture (ARCHITECTURE.md): each folder may import only the folders below it,
 * no module imports itself back through others, and no file grows past a screenful of screens
 * without saying why. These tests read the import statements of every module.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO } from '../helpers';

/** A module's folder (its layer) as ARCHITECTURE.md names it: `core/text`, `service`, `protocol`… */
function layerOf(file: string): string {
  const rel = path.relative(REPO, file).split(path.sep);
  if (rel[0] === 'protocol') return 'protocol';
  if (rel[0] === 'client') return 'client';
  if (rel[0] === 'server' && rel[2] === 'core') return `core/${rel[3]}`;
  return rel[2] ?? '?';
}

/** What each layer may import besides itself (ARCHITECTURE.md, "Layers"). */
const ALLOWED: Record<string, readonly string[]> = {
  protocol: [],
  'core/text': [],
  'core/draft': ['core/text'],
  'core/library': ['core/text'],
  'core/match': ['core/text', 'core/library'],
  readers: ['core/text', 'core/draft', 'core/library', 'core/match'],
  service: ['core/text', 'core/draft', 'core/library', 'core/match', 'readers', 'protocol'],
  indexFile: ['core/text', 'core/library', 'readers'],
  library: ['core/text', 'core/draft', 'core/library', 'readers', 'indexFile'],
  workers: ['core/text', 'core/draft', 'core/library', 'readers', 'indexFile', 'library'],
  host: ['core/text', 'core/library', 'readers', 'indexFile', 'library', 'workers', 'service'],
  archive: ['core/text', 'core/draft', 'core/library', 'core/match', 'readers', 'library', 'service', 'protocol'],
  lsp: ['core/text', 'core/draft', 'core/library', 'core/match', 'readers', 'indexFile', 'library', 'workers', 'host', 'archive', 'service', 'protocol'],
  cli: ['core/text', 'core/draft', 'core/library', 'core/match', 'readers', 'indexFile', 'library', 'workers', 'host', 'archive', 'service', 'protocol', 'lsp'],
  client: ['protocol'],
};

/** Packages a layer may not load: the core and the service run anywhere (a CLI, a worker, a test). */
const FORBIDDEN_PACKAGES: Record<string, RegExp> = {
  core: /^(vscode|vscode-languageserver(\/.*)?|vscode-languageserver-protocol|vscode-jsonrpc|pg|node:.*)$/,
  service: /^(vscode|vscode-languageserver(\/.*)?|vscode-languageserver-protocol|vscode-jsonrpc|pg|node:(fs|child_process|net|worker_threads))$/,
  protocol: /^(?!vscode-languageserver-protocol$).*/,
};

/** Lines past which a file must say at its top why it is long (`Long file: …`). */
const MAX_LINES = 600;

interface Import {
  readonly specifier: string;
  readonly typeOnly: boolean;
}

function modules(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
    }
  };
  for (const dir of ['server/src', 'protocol/src', 'client/src']) walk(path.join(REPO, dir));
  return out.sort();
}

function importsOf(file: string): Import[] {
  const text = fs.readFileSync(file, 'utf8');
  const found: Import[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
  for (let m = statement.exec(text); m; m = statement.exec(text)) found.push({ specifier: m[3]!, typeOnly: m[2] !== undefined });
  const dynamic = /(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (let m = dynamic.exec(text); m; m = dynamic.exec(text)) found.push({ specifier: m[1]!, typeOnly: false });
  return found;
}

function resolve(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  return [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => fs.existsSync(candidate));
}

const FILES = modules();
const GRAPH = new Map(FILES.map((file) => [file, importsOf(file)] as const));
const shown = (file: string): string => path.relative(REPO, file);

describe('structure', () => {
  it('every module is in a layer the architecture names', () => {
    const unknown = FILES.filter((file) => !(layerOf(file) in ALLOWED)).map(shown);
    assert.deepEqual(unknown, []);
  });

  it('each layer imports only the layers below it', () => {
    const wrong: string[] = [];
    for (const [file, imports] of GRAPH) {
      const layer = layerOf(file);
      for (const { specifier } of imports) {
        const target = resolve(file, specifier);
        if (target === undefined) continue;
        const to = layerOf(target);
        if (to !== layer && !(ALLOWED[layer] ?? []).includes(to)) wrong.push(`${shown(file)} (${layer}) imports ${shown(target)} (${to})`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('the service imports only types from the protocol messages (they load the JSON-RPC runtime)', () => {
    const wrong: string[] = [];
    for (const [file, imports] of GRAPH) {
      if (!['service', 'core/text', 'core/draft', 'core/library', 'core/match'].includes(layerOf(file))) continue;
      for (const { specifier, typeOnly } of imports) {
        if (!typeOnly && resolve(file, specifier)?.endsWith(path.join('protocol', 'src', 'messages.ts'))) wrong.push(shown(file));
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('the layers above the service reach it only through its public surface (service/index.ts)', () => {
    const wrong: string[] = [];
    const surface = path.join(REPO, 'server', 'src', 'service', 'index.ts');
    for (const [file, imports] of GRAPH) {
      if (layerOf(file) === 'service') continue;
      for (const { specifier } of imports) {
        const target = resolve(file, specifier);
        if (target !== undefined && layerOf(target) === 'service' && target !== surface) wrong.push(`${shown(file)} imports ${shown(target)}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('the core, the service and the protocol load no package they must not', () => {
    const wrong: string[] = [];
    for (const [file, imports] of GRAPH) {
      const layer = layerOf(file);
      const rule = FORBIDDEN_PACKAGES[layer.startsWith('core/') ? 'core' : layer];
      if (!rule) continue;
      for (const { specifier, typeOnly } of imports) {
        if (!specifier.startsWith('.') && !typeOnly && rule.test(specifier)) wrong.push(`${shown(file)} loads ${specifier}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('no module imports itself back through others (no import cycles)', () => {
    // Tarjan's strongly connected components over the module graph; any component of two or more is a cycle.
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[][] = [];
    let next = 0;
    const visit = (file: string): void => {
      index.set(file, next);
      low.set(file, next++);
      stack.push(file);
      onStack.add(file);
      for (const { specifier } of GRAPH.get(file) ?? []) {
        const target = resolve(file, specifier);
        if (target === undefined) continue;
        if (!index.has(target)) {
          visit(target);
          low.set(file, Math.min(low.get(file)!, low.get(target)!));
        } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
      if (low.get(file) === index.get(file)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(shown(member));
        } while (member !== file);
        if (component.length > 1) cycles.push(component.sort());
      }
    };
    for (const file of FILES) if (!index.has(file)) visit(file);
    assert.deepEqual(cycles, []);
  });

  it(`a file over ${MAX_LINES} lines says at its top why it is long`, () => {
    const long = FILES.filter((file) => {
      const lines = fs.readFileSync(file, 'utf8').replace(/\n$/, '').split('\n');
      return lines.length > MAX_LINES && !lines.slice(0, 30).some((line) => line.includes('Long file:'));
    });
    assert.deepEqual(long.map(shown), []);
  });
});
