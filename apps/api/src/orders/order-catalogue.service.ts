import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type CropProfile, type CropProfileSet, quotePriceFen, trayPriceFor } from '#agronomy';
import type { CatalogueCrop, OrderCatalogueResponse } from '#contracts';
import type { AuthUser } from '../auth/auth-user.js';
import { BuyersRepository } from '../buyers/buyers.repository.js';
import { DomainEvents } from '../common/domain-events.js';
import { INPUT_LIMITS } from '../common/input-limits.js';
import { CropsService } from '../crops/crops.service.js';
import { MatchingService } from '../matching/matching.service.js';
import { OrderSettingsService } from '../matching/order-settings.js';
import { OrdersRepository } from './orders.repository.js';

/** The quantity every crop's earliest date is given for: a household's plot, about one mu. */
export const SAMPLE_QUANTITY = 1000;

/**
 * What a buyer can order before filling anything in: every crop with its prices and the earliest
 * pickup for 1,000 seedlings and for the buyer's own last quantity. The earliest dates come from
 * one matching run for the whole catalogue and are kept until a batch or an order changes (the
 * events every change emits after its commit), the day turns, or the catalogue or settings change.
 */
@Injectable()
export class OrderCatalogueService implements OnModuleInit, OnModuleDestroy {
  /** `crop|quantity` → earliest date (null: not within the horizon), for `prefix`. */
  private readonly earliest = new Map<string, string | null>();
  /** The day and a hash of the catalogue and settings the cached dates were computed for. */
  private prefix = '';
  private computedAt = 0;
  /** Bumped by every change: an answer computed across a change is not kept. */
  private generation = 0;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly crops: CropsService,
    private readonly matching: MatchingService,
    private readonly settings: OrderSettingsService,
    private readonly orders: OrdersRepository,
    private readonly buyers: BuyersRepository,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    const forget = () => {
      this.generation += 1;
      this.earliest.clear();
    };
    this.unsubscribe.push(this.events.on('order.changed', forget), this.events.on('batch.changed', forget));
  }

  onModuleDestroy(): void {
    for (const off of this.unsubscribe) off();
  }

  async catalogue(user: AuthUser): Promise<OrderCatalogueResponse> {
    const [catalogue, settings] = await Promise.all([this.crops.profiles(), this.settings.get()]);
    const today = this.matching.today();
    const buyer = user.role === 'buyer' ? await this.buyers.findByUser(user.id) : null;
    const last = buyer ? await this.orders.lastQuantities(buyer.id) : { byCrop: new Map<string, number>() };
    const lastOf = (key: string) => last.byCrop.get(key) ?? last.latest ?? null;
    // Crop edits and settings change the dates too: they are part of the key.
    const prefix = `${today}|${hash(JSON.stringify([catalogue.crops, settings]))}`;
    if (prefix !== this.prefix) {
      this.prefix = prefix;
      this.earliest.clear();
    }
    const keyOf = (crop: string, quantity: number) => `${crop}|${quantity}`;
    const wanted = catalogue.crops
      .map((crop) => crop.key)
      .flatMap((crop) => {
        const quantities = [SAMPLE_QUANTITY, lastOf(crop)].filter((q): q is number => q !== null);
        return quantities.map((quantity) => ({ crop, quantity }));
      })
      .filter(({ crop, quantity }) => !this.earliest.has(keyOf(crop, quantity)));
    if (wanted.length > 0) {
      const generation = this.generation;
      const answers = await this.matching.availabilityMany(
        wanted.map(({ crop, quantity }) => ({ crop, quantity, date: today })),
      );
      if (generation === this.generation && prefix === this.prefix) {
        wanted.forEach(({ crop, quantity }, index) =>
          this.earliest.set(keyOf(crop, quantity), answers[index].earliestDate),
        );
        this.computedAt = this.matching.nowMs();
      }
      return this.answer(catalogue, settings, today, lastOf, (crop, quantity) => {
        const index = wanted.findIndex((w) => w.crop === crop && w.quantity === quantity);
        return index >= 0 ? answers[index].earliestDate : (this.earliest.get(keyOf(crop, quantity)) ?? null);
      });
    }
    return this.answer(
      catalogue,
      settings,
      today,
      lastOf,
      (crop, quantity) => this.earliest.get(keyOf(crop, quantity)) ?? null,
    );
  }

  private answer(
    catalogue: CropProfileSet,
    settings: Awaited<ReturnType<OrderSettingsService['get']>>,
    today: string,
    lastOf: (crop: string) => number | null,
    earliestOf: (crop: string, quantity: number) => string | null,
  ): OrderCatalogueResponse {
    const crops = catalogue.crops.map((crop): CatalogueCrop => {
      const key = crop.key;
      const lastQuantity = lastOf(key);
      const plain = { cells: null, grafted: false, ownSeed: false };
      return {
        key,
        nameZh: crop.nameZh,
        nameEn: crop.nameEn,
        trays: [...new Set([crop.traysDefault, ...crop.traysAlt])],
        graft: crop.graft,
        priceFen: quotePriceFen(crop, plain),
        graftedPriceFen: crop.graft === 'none' ? null : quotePriceFen(crop, { ...plain, grafted: true }),
        ownSeedPriceFen: quotePriceFen(crop, { ...plain, ownSeed: true }),
        prices: pricesOf(crop),
        varieties: catalogue.varietiesOf(key).map((variety) => ({
          name: variety.name,
          nameEn: variety.nameEn,
          prices: pricesOf(catalogue.profile(key, variety.name)),
        })),
        earliestSample: earliestOf(key, SAMPLE_QUANTITY),
        lastQuantity,
        earliestLast: lastQuantity === null ? null : earliestOf(key, lastQuantity),
      };
    });
    return {
      today,
      computedAt: new Date(this.computedAt || this.matching.nowMs()).toISOString(),
      sampleQuantity: SAMPLE_QUANTITY,
      minQuantity: 1,
      maxQuantity: INPUT_LIMITS.seedlings,
      crops,
      nursery: settings.nursery,
      depositShare: settings.depositShare,
      depositDueDays: settings.depositDueDays,
      cancelCutoffDays: settings.cancelCutoffDays,
      depositOnCancel: settings.depositOnCancel,
    };
  }
}

/** A short string hash (FNV-1a) of the catalogue and settings, to key the cache. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/** The price table as quoted: one row per tray the crop is sown in, each as an order line would pay. */
function pricesOf(crop: CropProfile): CatalogueCrop['prices'] {
  return [...new Set([crop.traysDefault, ...crop.traysAlt])].map((cells) => {
    const row = trayPriceFor(crop, cells);
    return {
      cells,
      priceFen: row.priceFen,
      graftedPriceFen:
        crop.graft === 'none' ? null : quotePriceFen(crop, { cells, grafted: true, ownSeed: false }),
      ownSeedPriceFen: quotePriceFen(crop, { cells, grafted: false, ownSeed: true }),
    };
  });
}
