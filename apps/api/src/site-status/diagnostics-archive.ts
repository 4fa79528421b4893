import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import yazl from 'yazl';

/** The logs an engineer needs to see what happened: the last three days. */
export const DIAGNOSTICS_LOG_DAYS = 3;
/** Of each log file only the newest part: the zip goes over WeChat on a 4G link. */
export const DIAGNOSTICS_LOG_FILE_BYTES = 8 * 1024 * 1024;

export interface LogFilePart {
  readonly name: string;
  readonly file: string;
  /** Where the copied part starts: the file's last {@link DIAGNOSTICS_LOG_FILE_BYTES}. */
  readonly fromByte: number;
}

/** The files of `logsDir` written in the last {@link DIAGNOSTICS_LOG_DAYS} days, newest part of each. */
export async function recentLogFiles(logsDir: string, now: number): Promise<LogFilePart[]> {
  const since = now - DIAGNOSTICS_LOG_DAYS * 86_400_000;
  let names: string[];
  try {
    names = await readdir(logsDir);
  } catch {
    return [];
  }
  const parts: LogFilePart[] = [];
  for (const name of names.sort()) {
    const file = path.join(logsDir, name);
    const info = await stat(file).catch(() => undefined);
    if (info === undefined || !info.isFile() || info.mtimeMs < since) continue;
    parts.push({ name, file, fromByte: Math.max(0, info.size - DIAGNOSTICS_LOG_FILE_BYTES) });
  }
  return parts;
}

/**
 * The diagnostics zip: each JSON part pretty-printed at the top (status.json, settings.json …),
 * the logs under `logs/`. Streamed: the logs are never read into memory whole.
 */
export function diagnosticsZip(
  json: Readonly<Record<string, unknown>>,
  logs: readonly LogFilePart[],
): Readable {
  const zip = new yazl.ZipFile();
  const mtime = new Date();
  for (const [name, value] of Object.entries(json)) {
    zip.addBuffer(Buffer.from(`${JSON.stringify(value, null, 2)}\n`), name, { mtime });
  }
  for (const log of logs) {
    // A file that vanished since it was listed (rotated) ends its entry empty rather than the zip.
    const stream = createReadStream(log.file, { start: log.fromByte });
    stream.on('error', () => stream.push(null));
    zip.addReadStream(stream, `logs/${log.name}`, { mtime });
  }
  zip.end();
  return zip.outputStream as Readable;
}
