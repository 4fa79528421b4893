import { Injectable } from '@nestjs/common';
import type { ShortfallPolicy } from '#agronomy';
import { SettingsRepository } from '../settings/settings.repository.js';

/** Nursery settings of orders and matching (one JSON value under `orders` in the settings table). */
export interface OrderSettings {
  /** Deposit as a share of the order total (default 30 %). */
  depositShare: number;
  /** Days after placing the deposit is due (default 7). */
  depositDueDays: number;
  /** Days after the warning before an unpaid reservation lapses (default 2). */
  lapseGraceDays: number;
  shortfallPolicy: ShortfallPolicy;
  /** Refill (补苗) trays per planned sowing (§3.2, default 2). */
  refillTrays: number;
  /** How far ahead sowings are planned and dates searched (days). */
  horizonDays: number;
}

export const DEFAULT_ORDER_SETTINGS: OrderSettings = {
  depositShare: 0.3,
  depositDueDays: 7,
  lapseGraceDays: 2,
  shortfallPolicy: 'fifo',
  refillTrays: 2,
  horizonDays: 240,
};

const KEY = 'orders';

@Injectable()
export class OrderSettingsService {
  constructor(private readonly settings: SettingsRepository) {}

  async get(): Promise<OrderSettings> {
    return { ...DEFAULT_ORDER_SETTINGS, ...(await this.settings.get<Partial<OrderSettings>>(KEY, {})) };
  }

  async update(changes: Partial<OrderSettings>): Promise<OrderSettings> {
    const next = { ...(await this.get()), ...changes };
    await this.settings.set(KEY, next);
    return next;
  }
}
