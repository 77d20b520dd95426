import * as fs from 'node:fs';

/**
 * The texts area of an index file, left on disk: each text is read and decoded when first asked for.
 * Memory a process touches for the first time is what a restart costs most (the texts are a third of
 * the file), and most texts are never read in a session. The file stays open so a later rewrite of
 * the index (a rename over it) cannot change what is read; the descriptor is closed once every text
 * was read or when the library is collected.
 */
export class IndexTexts {
  private unread: number;

  constructor(
    private readonly file: string,
    private fd: number | undefined,
    /** Where the texts area starts in the file. */
    private readonly start: number,
    count: number,
    /** False when the caller owns the descriptor (`LoadOptions.indexFd`): it is never closed here. */
    private readonly owned = true,
  ) {
    this.unread = count;
    if (fd !== undefined && owned) closeWhenCollected.register(this, fd, this);
    if (count === 0) this.close();
  }

  /** The text stored at `[offset, offset + length)` of the texts area (each is read once by its source). */
  read(offset: number, length: number): string {
    const fd = this.fd;
    // Only reachable when every text was read already: a source reads its own text once.
    if (fd === undefined) throw new Error(`index file ${this.file}: text read after the file was closed`);
    const bytes = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      // An I/O error on a file held open since it passed its checksum is a fault of the machine, not
      // bad input: it escapes, as a failed read of any file the process holds would.
      const n = fs.readSync(fd, bytes, got, length - got, this.start + offset + got);
      if (n === 0) throw new Error(`index file ${this.file}: shorter than when it was checked`);
      got += n;
    }
    if (--this.unread === 0) this.close();
    return bytes.toString('utf8', 0, length);
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
  static adopt(handle: IndexTextsHandle, count: number): IndexTexts {
    return new IndexTexts(handle.file, handle.fd, handle.start, count);
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

/** An index file's texts area, open, as it crosses between threads. */
export interface IndexTextsHandle {
  readonly file: string;
  readonly fd: number;
  /** Where the texts area starts in the file. */
  readonly start: number;
}

const closeWhenCollected = new FinalizationRegistry<number>((fd) => fs.close(fd, () => undefined));
