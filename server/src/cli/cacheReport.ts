import { formatBytes } from '../core/library/source';
import { MAX_AGE_DAYS, MAX_TOTAL_BYTES, type CacheContents } from '../indexFile/cacheFolder';

/** `verbatim cache list`: the root, then one line per index file, most recently used first. */
export function formatCacheList(contents: CacheContents): string {
  const total = contents.indexes.reduce((n, index) => n + index.bytes, 0);
  const lines = [
    `${contents.root}: ${contents.indexes.length} index ${contents.indexes.length === 1 ? 'file' : 'files'}, ${formatBytes(total)}` +
      (contents.bibliographies.files > 0 ? `; ${contents.bibliographies.files} parsed bibliographies, ${formatBytes(contents.bibliographies.bytes)}` : ''),
  ];
  for (const index of contents.indexes) {
    const name = index.dir.slice(contents.root.length + 1) || index.dir;
    lines.push(`  ${name}  ${formatBytes(index.bytes).padStart(9)}  last used ${index.lastUsed.toISOString().slice(0, 10)}  ${index.folders.join(', ') || '(folders not recorded)'}`);
  }
  lines.push(`Indexes unused for ${MAX_AGE_DAYS} days, or beyond ${formatBytes(MAX_TOTAL_BYTES)} in all (least recently used first), are removed automatically; \`verbatim cache clear\` removes them all.`);
  return `${lines.join('\n')}\n`;
}
