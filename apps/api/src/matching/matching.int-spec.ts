import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { CROPS } from '#agronomy';
import type { AppConfig } from '#config';
import { type TestDatabase, useTestDatabase } from '#testing';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { DomainEvents } from '../common/domain-events.js';
import type { CropsService } from '../crops/crops.service.js';
import { createDataSource, migrateDatabase } from '../database/data-source.js';
import type { ZonesRepository } from '../zones/zones.repository.js';
import type { Zone } from '../zones/zone.entity.js';
import { MatchingRepository } from './matching.repository.js';
import { MatchingStateReader } from './matching-state.js';
import { MatchingService } from './matching.service.js';
import { DEFAULT_ORDER_SETTINGS, type OrderSettings, type OrderSettingsService } from './order-settings.js';

const TODAY = '2027-03-10';
const ZONES = [
  { code: 'gh1', kind: 'greenhouse', benchAreaM2: 600, traysPerM2: 6.3, trayCapacity: null },
  { code: 'germ1', kind: 'germination', benchAreaM2: null, traysPerM2: null, trayCapacity: 3000 },
] as unknown as Zone[];

describe('MatchingService against PostgreSQL', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let settings: OrderSettings;
  let matching: MatchingService;
  let repository: MatchingRepository;
  const events: { name: string; event: unknown }[] = [];

  beforeAll(async () => {
    database = await useTestDatabase({ migrate: migrateDatabase });
    dataSource = createDataSource(database.url, { poolSize: 4 });
    await dataSource.initialize();
    settings = { ...DEFAULT_ORDER_SETTINGS };
    repository = new MatchingRepository(dataSource);
    const domainEvents = new DomainEvents();
    domainEvents.on('order.changed', (event) => void events.push({ name: 'order.changed', event }));
    const state = new MatchingStateReader(
      repository,
      { catalogue: () => Promise.resolve(CROPS) } as unknown as CropsService,
      { list: () => Promise.resolve(ZONES) } as unknown as ZonesRepository,
      { get: () => Promise.resolve(settings) } as unknown as OrderSettingsService,
      { nurseryTimeZone: 'Asia/Shanghai', siteCode: 'xnz' } as AppConfig,
      { now: () => Date.parse(`${TODAY}T04:00:00Z`), speed: 1 },
    );
    matching = new MatchingService(
      repository,
      state,
      new AuditRepository(dataSource.getRepository(AuditEntry)),
      domainEvents,
    );
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  async function batch(saleable: number): Promise<string> {
    const rows: { id: string }[] = await dataSource.query(
      `INSERT INTO batches (code, crop, cells, zone, trays, cells_sown, sow_date, stage, saleable, emerge_pct,
         saleable_pct, ready_from, ready_until)
       VALUES ('B' || substr(md5(random()::text), 1, 8), 'tomato', 72, 'gh1', 20, 1440, '2027-01-09', 'ready', $1,
         0.9, 0.9, '2027-03-10', '2027-03-17') RETURNING id`,
      [saleable],
    );
    return rows[0]?.id ?? '';
  }

  async function order(quantity: number, placedAt: string): Promise<{ orderId: string; lineId: string }> {
    const buyers: { id: string }[] = await dataSource.query(
      `INSERT INTO buyers (name, village, kind) VALUES ('户', '村', 'household') RETURNING id`,
    );
    const orders: { id: string }[] = await dataSource.query(
      `INSERT INTO orders (buyer_id, placed_at, placed_by_user_id, placed_by_name, status, deposit_fen, deposit_due)
       VALUES ($1, $2, gen_random_uuid(), 'test', 'open', 0, '2027-03-17') RETURNING id`,
      [buyers[0]?.id, placedAt],
    );
    const lines: { id: string }[] = await dataSource.query(
      `INSERT INTO order_lines (order_id, position, crop, quantity, wanted_from, wanted_until, price_fen, status)
       VALUES ($1, 0, 'tomato', $2, '2027-03-12', '2027-03-12', 80, 'waitlisted') RETURNING id`,
      [orders[0]?.id, quantity],
    );
    return { orderId: orders[0]?.id ?? '', lineId: lines[0]?.id ?? '' };
  }

  const actor = { kind: 'system' as const, name: 'test' };

  it('allocates, then cuts every line by the same share under pro_rata when the batch loses seedlings', async () => {
    const batchId = await batch(1000);
    const first = await order(600, '2027-03-10T01:00:00Z');
    const second = await order(400, '2027-03-10T02:00:00Z');
    const placed = await matching.withMatching('placed', actor, () => Promise.resolve(null));
    expect(placed.run.outcomes.get(first.lineId)?.outcome).toBe('confirmed');
    expect(placed.run.outcomes.get(second.lineId)?.outcome).toBe('confirmed');

    settings = { ...settings, shortfallPolicy: 'pro_rata' };
    const { run } = await matching.withMatching('culled 500', actor, async (tx) => {
      await tx.query('UPDATE batches SET saleable = 500 WHERE id = $1', [batchId]);
    });
    const cut = [first, second].map((line) => run.outcomes.get(line.lineId));
    expect(cut.map((outcome) => outcome?.outcome)).toEqual(['short', 'short']);
    expect(cut.map((outcome) => outcome?.allocated)).toEqual([300, 200]);
    const stored: { status: string; missing: number; alternative: { partialQuantity: number } }[] =
      await dataSource.query('SELECT status, missing, alternative FROM order_lines WHERE id = $1', [
        first.lineId,
      ]);
    expect(stored[0]).toMatchObject({ status: 'short', missing: 300, alternative: { partialQuantity: 300 } });
    const audit: { action: string }[] = await dataSource.query(
      `SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`,
      [first.orderId],
    );
    expect(audit.map((entry) => entry.action)).toEqual(['order.line_confirmed', 'order.line_short']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(events.some((entry) => (entry.event as { orderId: string }).orderId === second.orderId)).toBe(
      true,
    );
    settings = { ...settings, shortfallPolicy: 'fifo' };
  });

  it('serialises runs: a second run waits for the first to commit and sees its allocations', async () => {
    const batchId = await batch(100);
    const racer = await order(100, '2027-03-10T03:00:00Z');
    const loser = await order(100, '2027-03-10T03:30:00Z');
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = matching.withMatching('slow', actor, async (tx) => {
      await tx.query('SELECT 1');
      await gate;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    let fastDone = false;
    const fast = matching
      .withMatching('fast', actor, () => Promise.resolve(null))
      .then((result) => {
        fastDone = true;
        return result;
      });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fastDone).toBe(false);
    release();
    await slow;
    await fast;
    const totals: { total: string }[] = await dataSource.query(
      'SELECT coalesce(sum(quantity), 0) AS total FROM allocations WHERE batch_id = $1',
      [batchId],
    );
    expect(Number(totals[0]?.total)).toBe(100);
    const statuses: { id: string; status: string }[] = await dataSource.query(
      'SELECT id, status FROM order_lines WHERE id = ANY($1::uuid[])',
      [[racer.lineId, loser.lineId]],
    );
    expect(new Map(statuses.map((row) => [row.id, row.status]))).toEqual(
      new Map([
        [racer.lineId, 'confirmed'],
        [loser.lineId, 'waitlisted'],
      ]),
    );
  });

  it('drops a planned sowing once no line needs it', async () => {
    const planned = await order(20_000, '2027-03-10T05:00:00Z');
    await dataSource.query(
      `UPDATE order_lines SET wanted_from = '2027-06-01', wanted_until = '2027-06-01' WHERE id = $1`,
      [planned.lineId],
    );
    const { run } = await matching.withMatching('placed', actor, () => Promise.resolve(null));
    expect(run.outcomes.get(planned.lineId)?.outcome).toBe('confirmed');
    const count = async () => {
      const rows = await dataSource.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM batches WHERE stage = 'planned'`,
      );
      return Number(rows[0]?.n);
    };
    expect(await count()).toBeGreaterThan(0);
    await matching.withMatching('cancelled', actor, async (tx) => {
      await tx.query(`UPDATE order_lines SET status = 'cancelled' WHERE id = $1`, [planned.lineId]);
      await tx.query('DELETE FROM allocations WHERE line_id = $1', [planned.lineId]);
    });
    expect(await count()).toBe(0);
  });
});
