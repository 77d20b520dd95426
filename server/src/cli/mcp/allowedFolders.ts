import * as fs from 'node:fs';
import * as path from 'node:path';
import { DRAFT_EXTENSIONS, isDraftFile } from '../../core/draft/draftAnalysis';
import { isInside, realOrSelf } from '../../library/sourceFiles';

/** Why a path an MCP client named may not be read; the message is the tool's error result. */
export class PathRefused extends Error {}

/**
 * The folders `verbatim mcp` may read: the folder it was started in and its source folders, each as
 * given and as its real path (a folder the user reached through a link at start still counts, while
 * a link inside it that leads out does not).
 */
export class AllowedFolders {
  private readonly roots: readonly string[];

  constructor(folders: readonly string[]) {
    this.roots = [...new Set(folders.flatMap((folder) => [path.resolve(folder), realOrSelf(folder)]))];
  }

  /** Whether `file` (absolute) lies in one of the folders, lexically and once every link is resolved. */
  contains(file: string): boolean {
    const full = path.resolve(file);
    return this.inRoots(full) && this.inRoots(realOrSelf(full));
  }

  /**
   * The real path of the draft `name` (relative to `base`) when it is a regular file with a draft's
   * extension inside the folders, reached without a link that leads out; throws `PathRefused` with
   * the reason otherwise. Nothing is opened here: a pipe or a device is refused by its kind.
   */
  resolveDraft(name: string, base: string, maxBytes: number): string {
    if (name.trim() === '' || name.includes('\0')) throw new PathRefused('the path is empty or holds a NUL character');
    const full = path.resolve(base, name);
    if (!this.inRoots(full)) throw new PathRefused(`${name} is outside the folders this server reads (${this.roots.join(', ')})`);
    let real: string;
    try {
      real = fs.realpathSync(full);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new PathRefused(code === 'ENOENT' || code === 'ENOTDIR' ? `no such file: ${name}` : `cannot read ${name} (${code ?? 'error'})`);
    }
    if (!this.inRoots(real)) throw new PathRefused(`${name} leads outside the folders this server reads, through a link`);
    const stat = fs.statSync(real);
    if (stat.isDirectory()) throw new PathRefused(`${name} is a folder; name a draft file`);
    if (!stat.isFile()) throw new PathRefused(`${name} is not a regular file`);
    if (!isDraftFile(real) && !real.toLowerCase().endsWith('.docx')) {
      throw new PathRefused(`${name} is not a draft (${[...DRAFT_EXTENSIONS, '.docx'].join(', ')}); send other text as \`text\``);
    }
    if (stat.size > maxBytes) throw new PathRefused(`${name} has ${stat.size} bytes; drafts over ${maxBytes} bytes are not read`);
    return real;
  }

  private inRoots(file: string): boolean {
    return this.roots.some((root) => isInside(file, root));
  }
}

/**
 * The bytes of a file `resolveDraft` accepted. The file is opened without following a link and
 * without blocking, and checked again once open: a file swapped for a link, a pipe or something
 * larger meanwhile is refused.
 */
export function readDraftBytes(real: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(real, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (error) {
    throw new PathRefused(`cannot read ${real} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new PathRefused(`${real} is not a regular file`);
    if (stat.size > maxBytes) throw new PathRefused(`${real} has more than ${maxBytes} bytes`);
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = fs.readSync(fd, buffer, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}
