/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): the functions with the most self time, and the
 * most inclusive time, so a missed target can be traced to code.
 *
 *   node --import tsx bench/profile.ts FILE.cpuprofile [--top 25] [--filter server/src] [--focus check]
 */
import * as fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * `focus`: only samples whose stack holds a function of that name count (e.g. `check`, `addFile`,
 * `computeDiagnostics`), so the tables say where that function's time goes.
 */
export function summarise(file: string, top = 25, filter?: string, focus?: string): string {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n] as const));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const label = (n: ProfileNode): string => {
    const url = n.callFrame.url.replace(/^file:\/\//, '').replace(/^.*\/(server\/src|bench|node_modules)\//, '$1/');
    return `${n.callFrame.functionName || '(anonymous)'} ${url ? `${url}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
  };
  const selfBy = new Map<string, number>();
  const totalBy = new Map<string, number>();
  let total = 0;
  const inFocus = (id: number): boolean => {
    if (focus === undefined) return true;
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) if (byId.get(cur)!.callFrame.functionName === focus) return true;
    return false;
  };
  for (const [id, us] of self) {
    if (!inFocus(id)) continue;
    total += us;
    const node = byId.get(id)!;
    selfBy.set(label(node), (selfBy.get(label(node)) ?? 0) + us);
    // Inclusive time: count each function once per sample stack.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur)!);
      if (seen.has(l)) continue;
      seen.add(l);
      totalBy.set(l, (totalBy.get(l) ?? 0) + us);
    }
  }
  const rows = (m: Map<string, number>): string =>
    [...m]
      .filter(([l]) => filter === undefined || l.includes(filter))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([l, us]) => `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${l}`)
      .join('\n');
  return `profile ${file}${focus ? ` (inside ${focus})` : ''}: ${(total / 1000).toFixed(0)} ms sampled\n-- self time --\n${rows(selfBy)}\n-- inclusive time --\n${rows(totalBy)}\n`;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const topAt = argv.indexOf('--top');
  const filterAt = argv.indexOf('--filter');
  const focusAt = argv.indexOf('--focus');
  const file = argv.find((a, i) => !a.startsWith('--') && !['--top', '--filter', '--focus'].includes(argv[i - 1] ?? ''));
  if (!file) {
    process.stderr.write('usage: bench/profile.ts FILE.cpuprofile [--top N] [--filter TEXT] [--focus FUNCTION]\n');
    process.exit(2);
  }
  process.stdout.write(
    summarise(file, topAt >= 0 ? Number(argv[topAt + 1]) : 25, filterAt >= 0 ? argv[filterAt + 1] : undefined, focusAt >= 0 ? argv[focusAt + 1] : undefined),
  );
}
