import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { useTestDatabase, type TestDatabase } from './database.js';
import { mqttClient, uniqueId, useTestBroker } from './broker.js';

async function scalar(url: string, sql: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(sql);
    // A multi-statement query answers one result per statement: take the last.
    const last = Array.isArray(result) ? (result.at(-1) as pg.QueryResult) : result;
    return Object.values(last.rows[0] as object)[0];
  } finally {
    await client.end();
  }
}

describe('useTestDatabase', () => {
  const made: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of made) await database.drop();
  });

  it('gives each caller its own fresh database and runs the migrator on it', async () => {
    let migrated = '';
    const first = await useTestDatabase({
      migrate: async (url) => {
        migrated = url;
        await scalar(url, 'create table marker (id int); select 1');
      },
    });
    const second = await useTestDatabase();
    made.push(first, second);
    expect(first.name).not.toBe(second.name);
    expect(migrated).toBe(first.url);
    await expect(scalar(first.url, 'select current_database()')).resolves.toBe(first.name);
    await expect(scalar(second.url, "select to_regclass('marker') is null")).resolves.toBe(true);
  });

  it('drops the database even with a connection left open', async () => {
    const database = await useTestDatabase();
    const forgotten = new pg.Client({ connectionString: database.url });
    forgotten.on('error', () => undefined);
    await forgotten.connect();
    await database.drop();
    await expect(scalar(database.url, 'select 1')).rejects.toThrow(/does not exist|terminat/);
    await forgotten.end().catch(() => undefined);
  });

  it('names the database when a migration fails, and drops it', async () => {
    await expect(
      useTestDatabase({ migrate: () => Promise.reject(new Error('bad migration')) }),
    ).rejects.toThrow(/Migrating the test database t_[0-9a-f]+ failed: bad migration/);
  });
});

describe('useTestBroker', () => {
  it('carries a QoS 1 message between two clients', async () => {
    const broker = await useTestBroker();
    const topic = `${uniqueId('b')}/t`;
    const consumer = await mqttClient(broker.url);
    await consumer.subscribeAsync(topic, { qos: 1 });
    const received = new Promise<string>((resolve) =>
      consumer.once('message', (_t, p) => resolve(p.toString())),
    );
    const device = await mqttClient(broker.url);
    await device.publishAsync(topic, 'hi', { qos: 1 });
    await expect(received).resolves.toBe('hi');
    await Promise.all([consumer.endAsync(), device.endAsync()]);
    await broker.close();
  });
});
