import type { DataSource } from 'typeorm';

/**
 * Undoes migrations, newest first, up to and including the one named (its class name, as the
 * `migrations` table records it): a test then fills the older schema and runs them up again.
 */
export async function undoMigrationsThrough(migrator: DataSource, name: string): Promise<void> {
  for (;;) {
    const [last] = await migrator.query<{ name: string }[]>(
      'SELECT name FROM migrations ORDER BY id DESC LIMIT 1',
    );
    if (last === undefined) throw new Error(`migration ${name} was never run`);
    await migrator.undoLastMigration({ transaction: 'each' });
    if (last.name === name) return;
  }
}
