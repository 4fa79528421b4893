import { createReadStream, existsSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

// A backup is one POSIX tar stream cut into volumes below a size limit: USB sticks are often FAT32,
// which refuses files of 4 GiB or more. The volumes are byte slices of one tar stream
// (`NAME.tar`, `NAME.tar.2`, `NAME.tar.3`...), so `cat NAME.tar NAME.tar.* | tar -t` reads them with
// standard tools. Tar needs each entry's size before its data; the backup writes entries from
// memory (compressed chunks) or from files whose size it knows, so no entry is spooled to disk.

const BLOCK = 512;

/** The volumes of an archive, in order: `NAME.tar`, then `NAME.tar.2`, `NAME.tar.3`... */
export function volumePaths(first: string): string[] {
  const paths = [first];
  for (let n = 2; existsSync(`${first}.${n}`); n += 1) paths.push(`${first}.${n}`);
  return paths;
}

export function volumePath(first: string, index: number): string {
  return index === 0 ? first : `${first}.${index + 1}`;
}

/** Writes a tar stream into volumes of at most `volumeBytes` each. */
export class TarVolumeWriter {
  private handle: FileHandle | undefined;
  private index = -1;
  private inVolume = 0;
  private total = 0;
  readonly written: string[] = [];

  constructor(
    private readonly first: string,
    private readonly volumeBytes: number,
  ) {
    if (volumeBytes < BLOCK) throw new Error(`volume size ${volumeBytes} is below one tar block`);
  }

  get bytes(): number {
    return this.total;
  }

  async addEntry(name: string, data: Buffer, mode = 0o644, mtime = new Date()): Promise<void> {
    await this.write(tarHeader(name, data.length, mode, mtime));
    await this.write(data);
    await this.write(padding(data.length));
  }

  /** An entry whose bytes come from a stream of exactly `size` bytes (a file being copied). */
  async addStreamEntry(
    name: string,
    size: number,
    source: AsyncIterable<Buffer>,
    mode = 0o644,
    mtime = new Date(),
  ): Promise<void> {
    await this.write(tarHeader(name, size, mode, mtime));
    let seen = 0;
    for await (const chunk of source) {
      const part = chunk.subarray(0, Math.max(0, size - seen));
      seen += chunk.length;
      await this.write(part);
    }
    if (seen !== size) throw new Error(`${name} changed size while it was archived (${size} -> ${seen})`);
    await this.write(padding(size));
  }

  /** Ends the tar stream (two zero blocks) and closes the last volume. */
  async finish(): Promise<void> {
    await this.write(Buffer.alloc(2 * BLOCK));
    await this.handle?.close();
    this.handle = undefined;
  }

  /** Closes without finishing (a failed backup); the caller removes the volumes. */
  async abort(): Promise<void> {
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
  }

  private async write(data: Buffer): Promise<void> {
    let offset = 0;
    while (offset < data.length) {
      if (this.handle === undefined || this.inVolume >= this.volumeBytes) await this.nextVolume();
      const room = this.volumeBytes - this.inVolume;
      const part = data.subarray(offset, offset + room);
      await this.handle!.write(part);
      this.inVolume += part.length;
      this.total += part.length;
      offset += part.length;
    }
  }

  private async nextVolume(): Promise<void> {
    if (this.handle !== undefined) {
      await this.handle.sync();
      await this.handle.close();
    }
    this.index += 1;
    const file = volumePath(this.first, this.index);
    this.handle = await open(file, 'wx', 0o600);
    this.written.push(file);
    this.inVolume = 0;
  }
}

function padding(size: number): Buffer {
  const rest = size % BLOCK;
  return Buffer.alloc(rest === 0 ? 0 : BLOCK - rest);
}

/** A ustar header; long names are split into prefix/name at a slash (ustar's 155 + 100 bytes). */
export function tarHeader(name: string, size: number, mode: number, mtime: Date): Buffer {
  const header = Buffer.alloc(BLOCK);
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', name.length - 1);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
    if (cut <= 0 || Buffer.byteLength(base) > 100 || Buffer.byteLength(prefix) > 155) {
      throw new Error(`path too long for the backup archive: ${name}`);
    }
  }
  header.write(base, 0, 100, 'utf8');
  writeOctal(header, mode & 0o7777, 100, 8);
  writeOctal(header, 0, 108, 8);
  writeOctal(header, 0, 116, 8);
  writeOctal(header, size, 124, 12);
  writeOctal(header, Math.floor(mtime.getTime() / 1000), 136, 12);
  header.fill(0x20, 148, 156);
  header.write('0', 156, 1, 'latin1');
  header.write('ustar\u000000', 257, 8, 'latin1');
  header.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'latin1');
  return header;
}

function writeOctal(buffer: Buffer, value: number, offset: number, length: number): void {
  buffer.write(`${value.toString(8).padStart(length - 1, '0')}\u0000`, offset, length, 'latin1');
}

export interface TarEntry {
  readonly name: string;
  readonly size: number;
  readonly mode: number;
  /** The entry's bytes; must be consumed (or drained) before the next entry is read. */
  readonly chunks: AsyncIterable<Buffer>;
}

/** Reads the entries of a tar stream spread over volumes, one after another. */
export async function* readTarVolumes(first: string): AsyncGenerator<TarEntry> {
  const reader = new ByteReader(concatVolumes(volumePaths(first)));
  for (;;) {
    const header = await reader.read(BLOCK);
    if (header.length < BLOCK)
      throw new Error(`${first}: the archive ends in the middle (truncated volume?)`);
    if (header.every((byte) => byte === 0)) return;
    const entry = parseHeader(header, first);
    let consumed = false;
    const chunks = reader.take(entry.size);
    const wrapped: AsyncIterable<Buffer> = {
      [Symbol.asyncIterator]: () => {
        consumed = true;
        return chunks[Symbol.asyncIterator]();
      },
    };
    yield { ...entry, chunks: wrapped };
    if (!consumed) for await (const _ of chunks) void _;
    else await reader.skipRest();
    await reader.read((BLOCK - (entry.size % BLOCK)) % BLOCK);
  }
}

function parseHeader(header: Buffer, file: string): { name: string; size: number; mode: number } {
  const stored = readOctal(header, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i += 1) sum += i >= 148 && i < 156 ? 0x20 : header[i];
  if (sum !== stored) throw new Error(`${file}: a damaged tar header (checksum mismatch)`);
  const text = (offset: number, length: number): string =>
    header
      .subarray(offset, offset + length)
      .toString('utf8')
      .replace(/\0.*$/s, '');
  const prefix = text(345, 155);
  const base = text(0, 100);
  return {
    name: prefix === '' ? base : `${prefix}/${base}`,
    size: readOctal(header, 124, 12),
    mode: readOctal(header, 100, 8),
  };
}

function readOctal(buffer: Buffer, offset: number, length: number): number {
  const text = buffer
    .subarray(offset, offset + length)
    .toString('latin1')
    .replace(/[\0 ]+$/g, '')
    .trim();
  return text === '' ? 0 : parseInt(text, 8);
}

async function* concatVolumes(paths: readonly string[]): AsyncGenerator<Buffer> {
  for (const file of paths) {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) yield chunk as Buffer;
  }
}

/** Pulls exact byte counts out of a chunked stream. */
class ByteReader {
  private buffered: Buffer = Buffer.alloc(0);
  private done = false;
  private remaining = 0;
  private readonly iterator: AsyncIterator<Buffer>;

  constructor(source: AsyncIterable<Buffer>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  private async fill(): Promise<boolean> {
    if (this.done) return false;
    const next = await this.iterator.next();
    if (next.done === true) {
      this.done = true;
      return false;
    }
    this.buffered = this.buffered.length === 0 ? next.value : Buffer.concat([this.buffered, next.value]);
    return true;
  }

  async read(length: number): Promise<Buffer> {
    while (this.buffered.length < length && (await this.fill()));
    const out = this.buffered.subarray(0, length);
    this.buffered = this.buffered.subarray(out.length);
    return out;
  }

  /** Yields the next `length` bytes in chunks as they arrive. */
  async *take(length: number): AsyncGenerator<Buffer> {
    this.remaining = length;
    while (this.remaining > 0) {
      if (this.buffered.length === 0 && !(await this.fill())) {
        throw new Error('the archive ends in the middle of an entry (truncated volume?)');
      }
      const part = this.buffered.subarray(0, this.remaining);
      this.buffered = this.buffered.subarray(part.length);
      this.remaining -= part.length;
      yield part;
    }
  }

  /** Discards what a consumer left unread of the current entry. */
  async skipRest(): Promise<void> {
    while (this.remaining > 0) {
      if (this.buffered.length === 0 && !(await this.fill())) {
        throw new Error('the archive ends in the middle of an entry (truncated volume?)');
      }
      const part = Math.min(this.remaining, this.buffered.length);
      this.buffered = this.buffered.subarray(part);
      this.remaining -= part;
    }
  }
}
