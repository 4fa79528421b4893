import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { useTestDatabase, waitFor, type TestDatabase } from '#testing';
import { listenToCheckedOutClients } from './checked-out-client-errors.js';
import { createDataSource, migrateDatabase } from './data-source.js';

describe('a pooled connection in use whose server goes away', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let killer: DataSource;

  beforeAll(async () => {
    database = await useTestDatabase({ migrate: migrateDatabase });
    dataSource = createDataSource(database.url, { poolSize: 2 });
    await dataSource.initialize();
    killer = createDataSource(database.url, { poolSize: 1 });
    await killer.initialize();
  });

  afterAll(async () => {
    await killer?.destroy();
    await dataSource?.destroy();
    await database?.drop();
  });

  it('is heard, not left to end the process, and the next query on it fails', async () => {
    const heard: Error[] = [];
    listenToCheckedOutClients(dataSource, (error) => heard.push(error));
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    const [{ pid }] = (await runner.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[];
    // Held between queries, as a transaction or a COPY holds it; its backend is terminated.
    await killer.query('SELECT pg_terminate_backend($1)', [pid]);
    await waitFor(() => heard.length > 0, { what: "the held connection's error" });
    expect(heard[0].message).toMatch(/terminat/);
    await expect(runner.query('SELECT 1')).rejects.toThrow();
    await runner.release();
    // The pool goes on with a new connection.
    await expect(dataSource.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
  });
});
