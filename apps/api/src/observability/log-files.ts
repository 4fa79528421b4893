import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/** Daily files kept: the diagnostics zip sends three days; a week leaves room for a slow reply. */
export const LOG_FILE_DAYS = 7;
/** A day's file stops growing here (a fault that logs in a loop must not fill the disk). */
export const LOG_FILE_DAY_BYTES = 50 * 1024 * 1024;
const NAME = /^api-(\d{4}-\d{2}-\d{2})\.log$/;

/**
 * The api's log lines, also kept in `DATA_DIR/logs/api-YYYY-MM-DD.log` (UTC days, as the lines'
 * own times), the newest {@link LOG_FILE_DAYS} kept, each capped at {@link LOG_FILE_DAY_BYTES}. Under
 * systemd the lines go to the journal too, but a manager cannot read a journal: the 系统状态 card's
 * diagnostics zip takes these files.
 *
 * Written synchronously through one descriptor: a line is on its way to the disk before the next
 * is made (a crash keeps the lines that led to it), and there is no stream for a test to close.
 * The api logs requests and faults, not readings, so this is a few lines a second at most.
 */
export class DailyLogFiles {
  private fd: number | undefined;
  private day = '';
  private bytes = 0;
  private capped = false;

  constructor(
    readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** pino's destination interface: one serialised line per call. */
  write(line: string): void {
    try {
      const day = new Date(this.now()).toISOString().slice(0, 10);
      if (day !== this.day) this.open(day);
      if (this.fd === undefined) return;
      const size = Buffer.byteLength(line);
      if (this.bytes + size > LOG_FILE_DAY_BYTES) {
        if (!this.capped) {
          this.capped = true;
          writeSync(
            this.fd,
            `{"msg":"log file for ${day} reached ${LOG_FILE_DAY_BYTES} bytes; the rest of the day is on stdout only"}\n`,
          );
        }
        return;
      }
      writeSync(this.fd, line);
      this.bytes += size;
    } catch {
      // A full or read-only disk must not take the api down through its logger; stdout still has it.
    }
  }

  private open(day: string): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.day = day;
    this.capped = false;
    mkdirSync(this.dir, { recursive: true });
    const file = path.join(this.dir, `api-${day}.log`);
    this.fd = openSync(file, 'a');
    // A restart on the same day goes on counting from what the file already holds.
    this.bytes = fstatSync(this.fd).size;
    this.prune();
  }

  /** Removes the day files beyond the newest {@link LOG_FILE_DAYS}. */
  private prune(): void {
    const days = readdirSync(this.dir)
      .filter((name) => NAME.test(name))
      .sort()
      .reverse();
    for (const old of days.slice(LOG_FILE_DAYS)) rmSync(path.join(this.dir, old), { force: true });
  }
}
