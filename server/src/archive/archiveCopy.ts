/**
 * Rows for PostgreSQL's `COPY … FROM STDIN (FORMAT binary)`, written straight into buffers. The
 * archive loader sends its articles, paragraphs and bigram counts this way: the server reads binary
 * integers and arrays without parsing text (its `array_in` was most of a text COPY's cost), and the
 * client writes text fields without escaping them.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** The signature, flags and header extension that open every binary COPY stream. */
const HEADER = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
/** PostgreSQL's type oid of int4, named in a binary array's header. */
const INT4_OID = 23;
/** Bytes handed to the connection at a time. */
const CHUNK_BYTES = 1 << 20;

/** Builds the binary COPY data of one table, row by row, in chunks of about `CHUNK_BYTES`. */
export class BinaryCopy {
  private readonly chunks: Buffer[] = [];
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private at = 0;
  /** Rows written so far. */
  rows = 0;

  constructor() {
    this.bytes(HEADER);
  }

  /** Starts a row of `fields` columns. */
  row(fields: number): this {
    this.room(2);
    this.buffer.writeInt16BE(fields, this.at);
    this.at += 2;
    this.rows++;
    return this;
  }

  /** An `integer` field. */
  int4(value: number): this {
    this.room(8);
    this.buffer.writeInt32BE(4, this.at);
    this.buffer.writeInt32BE(value, this.at + 4);
    this.at += 8;
    return this;
  }

  /** A `text` field (UTF-8). */
  text(value: string): this {
    const length = Buffer.byteLength(value);
    this.room(4 + length);
    this.buffer.writeInt32BE(length, this.at);
    this.buffer.write(value, this.at + 4, length, 'utf8');
    this.at += 4 + length;
    return this;
  }

  /** A `jsonb` field from JSON text (version 1 of jsonb's binary form: a byte, then the text). */
  jsonb(json: string): this {
    const length = Buffer.byteLength(json);
    this.room(5 + length);
    this.buffer.writeInt32BE(length + 1, this.at);
    this.buffer.writeUInt8(1, this.at + 4);
    this.buffer.write(json, this.at + 5, length, 'utf8');
    this.at += 5 + length;
    return this;
  }

  /** An `int4[]` field: one dimension from 1, no nulls. */
  int4Array(values: ArrayLike<number>): this {
    const n = values.length;
    this.room(4 + 20 + 8 * n);
    const b = this.buffer;
    let at = this.at;
    b.writeInt32BE(20 + 8 * n, at);
    b.writeInt32BE(1, at + 4); // dimensions
    b.writeInt32BE(0, at + 8); // no null bitmap
    b.writeInt32BE(INT4_OID, at + 12);
    b.writeInt32BE(n, at + 16);
    b.writeInt32BE(1, at + 20); // lower bound
    at += 24;
    for (let i = 0; i < n; i++) {
      b.writeInt32BE(4, at);
      b.writeInt32BE(values[i]!, at + 4);
      at += 8;
    }
    this.at = at;
    return this;
  }

  /** Sends the rows to the server through `COPY <target> FROM STDIN (FORMAT binary)`. */
  async send(client: pg.ClientBase, target: string): Promise<void> {
    this.room(2);
    this.buffer.writeInt16BE(-1, this.at);
    this.at += 2;
    this.chunks.push(this.buffer.subarray(0, this.at));
    await pipeline(Readable.from(this.chunks), client.query(copyFrom(`copy ${target} from stdin (format binary)`)));
  }

  private bytes(data: Buffer): void {
    this.room(data.length);
    data.copy(this.buffer, this.at);
    this.at += data.length;
  }

  /** Makes sure `n` more bytes fit, starting a new chunk (at least `n` long) when they do not. */
  private room(n: number): void {
    if (this.at + n <= this.buffer.length) return;
    this.chunks.push(this.buffer.subarray(0, this.at));
    this.buffer = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, n));
    this.at = 0;
  }
}
