import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundledSeedsFolder } from '../library/sourceFiles';

/** Verbatim's version, from the package.json beside the bundled seeds; `unknown` when it cannot be read. */
export function readVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(bundledSeedsFolder()), 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
