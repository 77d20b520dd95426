import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zlib from 'node:zlib';
import { isReadFailure } from '../readers/sourceReader';
import { readerFor } from '../readers/sourceReaders';
import { textReader } from '../readers/textReader';

/**
 * The texts area of an index file, left on disk: each text is read and decoded when first asked for.
 * Memory a process touches for the first time is what a restart costs most (the texts are a third of
 * the file), and most texts are never read in a session. The file stays open so a later rewrite of
 * the index (a rename over it) cannot change what is read; the descriptor is closed once every text
 * was read or when the library is collected.
 *
 * The index file is a cache, never a dependency: another program may truncate or overwrite it in
 * place while it is open (a disk clean-up, a sync tool, a second window's `cp`). Every text is
 * checked against its own checksum, and a text that cannot be read whole and unchanged is read
 * again from its source file, through the reader that made it. The first such fault is told once
 * (`IndexTextsFaults.log`); a text that cannot be read again as indexed (its file changed since,
 * or its format is extracted asynchronously, PDF) is the file's current text or empty, and its
 * file is named to `reread` so the library reads it anew.
 */
export class IndexTexts {
  private unread: number;
  /** Why the file was found changed, once it was (then reads go to the source files). */
  private fault: string | undefined;

  constructor(
    private readonly file: string,
    private fd: number | undefined,
    /** Where the texts area starts in the file. */
    private readonly start: number,
    count: number,
    /** False when the caller owns the descriptor (`LoadOptions.indexFd`): it is never closed here. */
    private readonly owned = true,
    private readonly faults: IndexTextsFaults = NO_FAULT_HANDLING,
  ) {
    this.unread = count;
    if (fd !== undefined && owned) closeWhenCollected.register(this, fd, this);
    if (count === 0) this.close();
  }

  /**
   * The text stored at `[offset, offset + length)` of the texts area, whose UTF-8 bytes have the
   * CRC-32 `crc` (each is read once by its source); `source` says where to read it again.
   */
  read(offset: number, length: number, crc: number, source: TextSource): string {
    const fd = this.fd;
    let problem: string | undefined = fd === undefined ? 'its file was closed' : this.fault;
    if (problem === undefined) {
      const bytes = Buffer.allocUnsafe(length);
      try {
        let got = 0;
        while (got < length) {
          const n = fs.readSync(fd!, bytes, got, length - got, this.start + offset + got);
          if (n === 0) break;
          got += n;
        }
        if (got < length) problem = 'it is shorter than when it was checked';
        else if (zlib.crc32(bytes) !== crc) problem = 'its content changed since it was checked';
        else {
          if (--this.unread === 0) this.close();
          return bytes.toString('utf8', 0, length);
        }
      } catch (error) {
        problem = `it cannot be read (${(error as Error).message})`;
      }
      this.fault = problem;
      this.faults.log(`index file ${this.file}: ${problem}; source texts are read from their files again (the index is rewritten at the next save)`);
    }
    return this.readAgain(crc, source);
  }

  /** The text read again from its source file; the current text or '' (and the file named to `reread`) when it is not the indexed one. */
  private readAgain(crc: number, source: TextSource): string {
    let file: string;
    try {
      file = fileURLToPath(source.uri);
    } catch {
      return ''; // not a file (cannot be, for a source of an index file): nothing to read
    }
    let text = '';
    try {
      const reader = source.format === 'text' ? textReader : readerFor(file);
      const result = reader?.read(fs.readFileSync(file), { maxBytes: Number.MAX_SAFE_INTEGER });
      if (result !== undefined && !(result instanceof Promise) && !isReadFailure(result)) text = result.text;
      else if (result instanceof Promise) void result.catch(() => undefined); // its extraction is the library's to redo
    } catch {
      // Unreadable or gone: the library reads it anew, which reports why.
    }
    if (text === '' || zlib.crc32(Buffer.from(text, 'utf8')) !== crc) {
      this.faults.log(`${path.basename(file)}: its text as indexed is neither in the index file nor in the file any more; reading it anew`);
      this.faults.reread(source.uri);
    }
    return text;
  }

  /**
   * Gives the open file up, for another thread of this process (descriptors are the process's):
   * this object reads nothing more. Undefined when the file was closed already.
   */
  handOver(): IndexTextsHandle | undefined {
    const fd = this.fd;
    if (fd === undefined) return undefined;
    if (this.owned) closeWhenCollected.unregister(this);
    this.fd = undefined;
    return { file: this.file, fd, start: this.start };
  }

  /**
   * Takes over a file handed over by another thread, for `count` texts (each read once); the
   * descriptor is this object's now. (It must have been opened on this thread: a worker's own
   * descriptors are closed when it ends.)
   */
  static adopt(handle: IndexTextsHandle, count: number, faults?: IndexTextsFaults): IndexTexts {
    return new IndexTexts(handle.file, handle.fd, handle.start, count, true, faults);
  }

  private close(): void {
    if (this.fd === undefined) return;
    if (!this.owned) {
      this.fd = undefined;
      return;
    }
    closeWhenCollected.unregister(this);
    fs.close(this.fd, () => undefined); // nothing to do about a failed close of a read-only descriptor
    this.fd = undefined;
  }
}

/** Where a stored text came from: its source file and the reader's format. */
export interface TextSource {
  readonly uri: string;
  readonly format: string;
}

/** What the owner of a library is told when its index file fails it. */
export interface IndexTextsFaults {
  /** A line for the log (the first fault of a file, and each text that had to be read anew). */
  log(message: string): void;
  /** A source whose indexed text is gone (its file changed, or is PDF): the library should read it again. */
  reread(uri: string): void;
}

const NO_FAULT_HANDLING: IndexTextsFaults = { log: () => undefined, reread: () => undefined };

/** An index file's texts area, open, as it crosses between threads. */
export interface IndexTextsHandle {
  readonly file: string;
  readonly fd: number;
  /** Where the texts area starts in the file. */
  readonly start: number;
}

const closeWhenCollected = new FinalizationRegistry<number>((fd) => fs.close(fd, () => undefined));
