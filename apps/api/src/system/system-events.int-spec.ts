import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { useTestDatabase, type TestDatabase } from '#testing';
import { createDataSource, migrateDatabase } from '../database/data-source.js';
import { Alarm } from '../alarms/alarm.entity.js';
import { DutyRosterEntry } from '../alarms/duty-roster.entity.js';
import { SystemEvent } from './system-event.entity.js';
import { SystemEventsRepository } from './system-events.repository.js';
import { SystemEventsService } from './system-events.service.js';

describe('system events against PostgreSQL', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let service: SystemEventsService;
  let now = Date.parse('2027-03-01T02:00:00Z');

  beforeAll(async () => {
    database = await useTestDatabase({ migrate: migrateDatabase });
    dataSource = createDataSource(database.url, { poolSize: 2 });
    await dataSource.initialize();
    service = new SystemEventsService(
      new SystemEventsRepository(
        dataSource.getRepository(SystemEvent),
        dataSource.getRepository(Alarm),
        dataSource.getRepository(DutyRosterEntry),
      ),
      {
        now: () => now,
        speed: 1,
      },
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('opens an event at the clock time and ends it once', async () => {
    const id = await service.open('database-down', 'PostgreSQL stopped (signal 9)', { attempt: 1 });
    expect(await service.openOfKind('database-down')).toEqual([
      expect.objectContaining({ id, endedAt: null, cause: 'PostgreSQL stopped (signal 9)' }),
    ]);
    now += 6_200;
    expect(await service.end(id, { downSeconds: 6.2 })).toBe(true);
    // A second end (a late duplicate) changes nothing.
    expect(await service.end(id, { downSeconds: 99 }, new Date(now + 60_000))).toBe(false);
    const [row] = await service.recent(1, 'database-down');
    expect(row).toMatchObject({
      id,
      startedAt: new Date('2027-03-01T02:00:00Z'),
      endedAt: new Date('2027-03-01T02:00:06.200Z'),
      details: { attempt: 1, downSeconds: 6.2 },
    });
    expect(await service.openOfKind('database-down')).toEqual([]);
  });

  it('records an event copied from the fault file twice as one row, keeping its first start', async () => {
    const id = randomUUID();
    const startedAt = new Date('2027-03-01T03:00:00Z');
    await service.record({
      id,
      kind: 'database-unrecoverable',
      startedAt,
      endedAt: null,
      cause: 'PostgreSQL failed to start 5 times',
      details: null,
    });
    await service.record({
      id,
      kind: 'database-unrecoverable',
      startedAt: new Date('2027-03-01T03:30:00Z'),
      endedAt: new Date('2027-03-01T04:00:00Z'),
      cause: 'PostgreSQL failed to start 5 times',
      details: { attempts: 5 },
    });
    const rows = (await service.recent(50, 'database-unrecoverable')).filter((row) => row.id === id);
    expect(rows).toEqual([
      expect.objectContaining({
        startedAt,
        endedAt: new Date('2027-03-01T04:00:00Z'),
        details: { attempts: 5 },
      }),
    ]);
  });
});
