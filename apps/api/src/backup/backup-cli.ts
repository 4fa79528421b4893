/**
 * `npm run backup` takes a backup now; `npm run restore -- FILE [--replace]` restores one into the
 * installation DATA_DIR (and DATABASE_URL, when set) names, which must be stopped.
 */
import 'reflect-metadata';
import { ConfigError, loadAppConfig, type AppConfig } from '#config';
import { writeBackup } from './backup-writer.js';
import { backupTarget, restoreTarget } from './database-target.js';
import { restoreBackup, type RestoreReport } from './restore.js';

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function backup(config: AppConfig): Promise<void> {
  const target = await backupTarget(config, say);
  try {
    const result = await writeBackup({
      databaseUrl: target.url,
      dataDir: config.dataDir,
      backupDir: config.backup.dir,
      site: config.siteCode,
      kind: 'manual',
      volumeBytes: config.backup.volumeBytes,
      now: Date.now(),
    });
    const rows = result.manifest.tables.reduce((sum, table) => sum + table.rows, 0);
    say(
      `Backup written: ${result.archive}${result.volumes.length > 1 ? ` (+${result.volumes.length - 1} volumes)` : ''}`,
    );
    say(
      `  ${result.manifest.tables.length} tables, ${rows} rows, ${result.manifest.files.length} files, ` +
        `${(result.bytes / 1e6).toFixed(1)} MB in ${result.seconds.toFixed(1)} s`,
    );
    if (result.exportedDays.length > 0) say(`  closed days exported: ${result.exportedDays.join(', ')}`);
    if (result.manifest.partitionArchives.length > 0) {
      say(
        `  raw readings of ${result.manifest.partitionArchives.length} closed days: ${config.backup.dir}/readings/`,
      );
    }
  } finally {
    await target.release();
  }
}

async function restore(config: AppConfig, args: readonly string[]): Promise<void> {
  const file = args.find((arg) => !arg.startsWith('--'));
  if (file === undefined) throw new Error('usage: npm run restore -- FILE [--replace]');
  const unknown = args.filter((arg) => arg.startsWith('--') && arg !== '--replace');
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(', ')} (known: --replace)`);
  const target = await restoreTarget(config, say);
  let report: RestoreReport;
  try {
    report = await restoreBackup({
      archive: file,
      databaseUrl: target.url,
      dataDir: config.dataDir,
      replace: args.includes('--replace'),
      log: say,
    });
  } finally {
    await target.release();
  }
  say('');
  say(`Restored the backup of ${report.manifest.createdAt} (${report.manifest.site}) into ${config.dataDir}`);
  say(`${'table'.padEnd(28)} ${'backup'.padStart(12)} ${'restored'.padStart(12)}`);
  let mismatches = 0;
  for (const count of report.counts) {
    const flag = count.expected === count.restored ? '' : '  <- differs';
    if (flag !== '') mismatches += 1;
    say(
      `${count.table.padEnd(28)} ${String(count.expected).padStart(12)} ${String(count.restored).padStart(12)}${flag}`,
    );
  }
  say(`${report.files} files restored in ${report.seconds.toFixed(1)} s`);
  if (mismatches > 0) throw new Error(`${mismatches} tables differ from the backup's counts`);
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  let config: AppConfig;
  try {
    config = loadAppConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  try {
    if (command === 'backup') await backup(config);
    else if (command === 'restore') await restore(config, args);
    else throw new Error(`unknown command ${String(command)} (backup | restore FILE)`);
  } catch (error) {
    process.stderr.write(
      `${command ?? 'backup'} failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
}

await main();
