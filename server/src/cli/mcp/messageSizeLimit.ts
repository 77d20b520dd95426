import { Transform, type TransformCallback } from 'node:stream';

/** The start and end of a message too large to read, kept to find its request id. */
export interface OversizedMessage {
  /** The first bytes of the message. */
  readonly head: string;
  /** The last bytes of the message. */
  readonly tail: string;
  readonly bytes: number;
}

const KEEP = 1024;

/**
 * A stream between stdin and the MCP transport that passes newline-delimited messages of at most
 * `maxBytes` through and drops larger ones whole, telling `onOversized`: the SDK's reader would
 * otherwise buffer without end, or give up and close the connection on the first huge line.
 */
export function limitMessageSize(maxBytes: number, onOversized: (message: OversizedMessage) => void): Transform {
  /** Bytes of the current line passed on so far (while it fits), or undefined while dropping one. */
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let dropping: { head: string; tail: Buffer; bytes: number } | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      let from = 0;
      while (from < chunk.length) {
        const newline = chunk.indexOf(0x0a, from);
        const end = newline === -1 ? chunk.length : newline + 1;
        const piece = chunk.subarray(from, end);
        from = end;
        if (dropping) {
          dropping.bytes += piece.length;
          dropping.tail = Buffer.concat([dropping.tail, piece]).subarray(-KEEP);
        } else if (pendingBytes + piece.length > maxBytes + 1) {
          const held = Buffer.concat([...pending, piece]);
          dropping = { head: held.subarray(0, KEEP).toString('utf8'), tail: held.subarray(-KEEP), bytes: held.length };
          pending = [];
          pendingBytes = 0;
        } else {
          pending.push(piece);
          pendingBytes += piece.length;
        }
        if (newline === -1) continue;
        if (dropping) {
          onOversized({ head: dropping.head, tail: dropping.tail.toString('utf8'), bytes: dropping.bytes });
          dropping = undefined;
        } else {
          this.push(Buffer.concat(pending));
          pending = [];
          pendingBytes = 0;
        }
      }
      done();
    },
    flush(done: TransformCallback) {
      if (dropping) onOversized({ head: dropping.head, tail: dropping.tail.toString('utf8'), bytes: dropping.bytes });
      else if (pendingBytes > 0) this.push(Buffer.concat(pending));
      done();
    },
  });
}

/**
 * The JSON-RPC id of a dropped message, when it is the last member (as the SDK's client writes it)
 * or the first (after `jsonrpc`); undefined when neither end shows it.
 */
export function requestIdOf(message: OversizedMessage): string | number | undefined {
  const id = String.raw`(-?\d{1,15}|"(?:[^"\\]|\\.){0,200}")`;
  const found =
    new RegExp(String.raw`"id"\s*:\s*${id}\s*\}\s*$`).exec(message.tail) ??
    new RegExp(String.raw`^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*${id}\s*,`).exec(message.head);
  try {
    return found ? (JSON.parse(found[1]!) as string | number) : undefined;
  } catch {
    // A string id with a broken escape: no id to answer.
    return undefined;
  }
}
