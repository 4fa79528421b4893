import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { addDays } from '#agronomy';
import type { AppConfig } from '#config';
import type { AuthUser } from '../auth/auth-user.js';
import { BatchRecordsService } from '../batches/batch-records.service.js';
import type { BatchStage } from '../batches/batch.entity.js';
import { BatchesRepository } from '../batches/batches.repository.js';
import { BatchesService } from '../batches/batches.service.js';
import { BuyersRepository } from '../buyers/buyers.repository.js';
import { APP_CONFIG } from '../common/tokens.js';
import { SeedRegistry } from '../seed/seed-registry.js';
import { UsersRepository } from '../users/users.repository.js';
import { ZonesRepository } from '../zones/zones.repository.js';
import { MatchingService } from '../matching/matching.service.js';
import { PassportService } from '../passport/passport.service.js';
import { OrdersService } from './orders.service.js';

const SEED_ACTOR: AuthUser = {
  id: '00000000-0000-0000-0000-000000000000',
  role: 'manager',
  name: 'demo seed',
  phone: '',
};

/** docs/domain.md §3.6: ~600 m² of benches per house at 6.3 trays/m² (≈3,800 trays of 72 cells). */
const HOUSE_CAPACITY = { benchAreaM2: 600, traysPerM2: 6.3, benches: 40 };
const GERMINATION_ROOM_TRAYS = 3000;
const DAY_MS = 86_400_000;
const SECOND_MS = 1000;

/** A demo batch: sown `daysAgo`, through its stages on the days after sowing given in `steps`. */
interface DemoSowing {
  readonly crop: string;
  readonly zone: string;
  readonly trays: number;
  readonly daysAgo: number;
  readonly counts: { emerged: number; refilled?: number } | null;
  readonly steps: readonly { stage: BatchStage; day: number }[];
}

/** Demo data: zone capacities, sowings around today, the demo buyers and a few of their orders. */
@Injectable()
export class OrdersSeed implements OnModuleInit {
  constructor(
    private readonly registry: SeedRegistry,
    private readonly zones: ZonesRepository,
    private readonly users: UsersRepository,
    private readonly buyers: BuyersRepository,
    private readonly batches: BatchesService,
    private readonly batchRecords: BatchRecordsService,
    private readonly orders: OrdersService,
    private readonly matching: MatchingService,
    private readonly batchEvents: BatchesRepository,
    private readonly passports: PassportService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register({ name: 'crops-batches-orders', order: 20, run: () => this.run() });
  }

  private async run(): Promise<void> {
    for (const zone of await this.zones.list(this.config.siteCode)) {
      if (zone.kind === 'greenhouse') await this.zones.update(zone.id, HOUSE_CAPACITY);
      if (zone.kind === 'germination')
        await this.zones.update(zone.id, { trayCapacity: GERMINATION_ROOM_TRAYS });
    }
    const wang = await this.buyerFor('13800000003', '王书记', '西沟村');
    const chen = await this.buyerFor('13800000004', '陈书记', '石门村');
    const today = this.matching.today();
    // Each batch at the stage its age gives (§1.3): the stage drives the house's targets, alarms and
    // heating schedule, so a 50-day tomato left at "sown" would be heated like a germinating seed.
    // The tomato is past its ready window: "hardening", as "ready" would stand an over-age advisory
    // (§2.5) on the board from the first minute. Each batch went through its stages on the days
    // given (after sowing): emergence is counted and the trays moved out of the germination room
    // that day, as the technician records them.
    const sowings: readonly DemoSowing[] = [
      {
        crop: 'tomato',
        zone: 'gh1',
        trays: 400,
        daysAgo: 50,
        counts: { emerged: 25_000, refilled: 400 },
        steps: [
          { stage: 'emerged', day: 5 },
          { stage: 'true_leaf', day: 14 },
          { stage: 'hardening', day: 40 },
        ],
      },
      {
        crop: 'pepper',
        zone: 'gh2',
        trays: 300,
        daysAgo: 30,
        counts: { emerged: 18_000 },
        steps: [
          { stage: 'emerged', day: 7 },
          { stage: 'true_leaf', day: 16 },
          { stage: 'hardening', day: 26 },
        ],
      },
      {
        crop: 'cucumber',
        zone: 'gh3',
        trays: 150,
        daysAgo: 12,
        counts: { emerged: 9_800 },
        steps: [
          { stage: 'emerged', day: 3 },
          { stage: 'true_leaf', day: 9 },
        ],
      },
      {
        crop: 'cabbage',
        zone: 'gh1',
        trays: 200,
        daysAgo: 3,
        counts: null,
        steps: [{ stage: 'germinating', day: 1 }],
      },
    ];
    const created: { id: string; readyFrom: string; crop: string }[] = [];
    for (const sowing of sowings) {
      const sowDate = addDays(today, -sowing.daysAgo);
      const batch = await this.batches.create(
        { crop: sowing.crop, zone: sowing.zone, trays: sowing.trays, refillTrays: 2, sowDate },
        SEED_ACTOR,
      );
      // The day of each entry, in the order they are recorded: its event is dated then below.
      const days = [0];
      for (const step of sowing.steps) {
        if (step.stage === 'emerged') {
          if (sowing.counts) {
            await this.batchRecords.count(batch.id, sowing.counts, SEED_ACTOR);
            days.push(step.day);
          }
          // Sown trays stand in the germination room until moved: at emergence they go to the house.
          await this.batchRecords.move(batch.id, { zone: sowing.zone }, SEED_ACTOR);
          days.push(step.day);
        }
        await this.batches.stage(batch.id, { stage: step.stage }, SEED_ACTOR);
        days.push(step.day);
      }
      await this.datePast(batch.id, sowDate, days);
      created.push({ id: batch.id, readyFrom: batch.readyFrom, crop: sowing.crop });
    }
    const wantedFor = (crop: string) => {
      const readyFrom = created.find((batch) => batch.crop === crop)?.readyFrom ?? today;
      return readyFrom > today ? readyFrom : addDays(today, 2);
    };
    if (wang) {
      await this.orders.place(
        {
          buyerId: wang,
          lines: [
            {
              crop: 'tomato',
              quantity: 8_000,
              wantedDate: wantedFor('tomato'),
              households: [
                { name: '王大娘', quantity: 3_000 },
                { name: '李二柱', quantity: 5_000 },
              ],
            },
            { crop: 'cabbage', quantity: 10_000, wantedDate: addDays(today, 75) },
          ],
        },
        SEED_ACTOR,
      );
    }
    if (chen) {
      await this.orders.place(
        { buyerId: chen, lines: [{ crop: 'pepper', quantity: 6_000, wantedDate: wantedFor('pepper') }] },
        SEED_ACTOR,
      );
    }
  }

  /**
   * Dates the demo batch's entries on the days they would have been made (8:00 at the nursery on
   * `sowDate` + each day, a second apart on one day), as if recorded then: its history, where it
   * stood and its climate passport read the demo's past days (written by the demo history seed)
   * instead of one minute of today. The passport stored while seeding is dropped: it was counted
   * on today's instants.
   */
  private async datePast(batchId: string, sowDate: string, days: readonly number[]): Promise<void> {
    const morning = Date.parse(`${sowDate}T00:00:00Z`); // 08:00 in Asia/Shanghai
    const instants = days.map((day, index) => new Date(morning + day * DAY_MS + index * SECOND_MS));
    await this.batchEvents.dateEvents(batchId, instants);
    await this.passports.discard(batchId);
  }

  private async buyerFor(phone: string, name: string, village: string): Promise<string | null> {
    const user = await this.users.findByPhone(phone);
    if (!user) return null;
    const buyer = await this.buyers.ensureForUser({
      name,
      village,
      phone,
      kind: 'party_secretary',
      userId: user.id,
    });
    return buyer.id;
  }
}
