import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

// A SIGKILL keeps the page cache, so a plain writeFileSync survives it; a power cut does not: the
// file can come back empty or half-written. Every file the api needs to boot, and the fault file
// that carries a database outage to the next start, is written here: temp file in the same folder,
// fsync, rename over the old one, fsync the folder (so the rename itself is on disk).

/** Replaces `file` with `content` so that after a crash it holds either the old or the new text. */
export function writeFileAtomic(file: string, content: string | Buffer, mode = 0o600): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = openSync(temp, 'w', mode);
  try {
    writeSync(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  syncFolder(path.dirname(file));
}

/** Appends a line and fsyncs it before returning: the line is on disk even if power goes next. */
export function appendLineDurably(file: string, line: string, mode = 0o600): void {
  const fd = openSync(file, 'a', mode);
  try {
    writeSync(fd, `${line.replace(/\n/g, ' ')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a directory; the rename is then as durable as they allow.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A boot file that exists but cannot be used: reported, never silently replaced. */
export class BootFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(
      `${file} ${problem}. It is needed to start; it was not replaced, because a new one would lock ` +
        'the api out of what the old one opened. Restore it from a backup (docs/operations.md, "A boot file is damaged").',
    );
    this.name = 'BootFileError';
  }
}

/**
 * Reads a boot file's text: undefined when the file does not exist (first start), a
 * {@link BootFileError} when it exists but is empty, blank or unreadable.
 */
export function readBootFile(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new BootFileError(
      file,
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  if (text.trim() === '') throw new BootFileError(file, 'is empty');
  return text;
}
