import { Injectable } from '@nestjs/common';
import type { ShortfallPolicy } from '#agronomy';
import type { OrderSettingsResponse, UpdateOrderSettingsRequest } from '#contracts';
import { SettingsRepository } from '../settings/settings.repository.js';

/** Nursery settings of orders and matching (one JSON value under `orders` in the settings table). */
export type OrderSettings = OrderSettingsResponse & { shortfallPolicy: ShortfallPolicy };

export const DEFAULT_ORDER_SETTINGS: OrderSettings = {
  depositShare: 0.3,
  depositDueDays: 7,
  lapseGraceDays: 2,
  shortfallPolicy: 'fifo',
  refillTrays: 2,
  horizonDays: 240,
  // The [manager] issue's defaults: 14 days before the date (or the sowing, if earlier); a deposit
  // refunded in full when the buyer cancels before that.
  cancelCutoffDays: 14,
  depositOnCancel: 'refund',
  // The demo nursery's own words; the manager's settings screen replaces them.
  nursery: {
    name: '小南庄育苗场',
    address: '小南庄村村委会东 200 米',
    pickupPlace: '育苗场门口装苗区（1 号温室南侧）',
    depositPayment: '到场交现金，或微信转账给李场长 13800000001（备注订单号）',
    phone: '13800000001',
  },
};

const KEY = 'orders';

@Injectable()
export class OrderSettingsService {
  constructor(private readonly settings: SettingsRepository) {}

  async get(): Promise<OrderSettings> {
    const stored = await this.settings.get<Partial<OrderSettings>>(KEY, {});
    return {
      ...DEFAULT_ORDER_SETTINGS,
      ...stored,
      nursery: { ...DEFAULT_ORDER_SETTINGS.nursery, ...stored.nursery },
    };
  }

  async update(changes: UpdateOrderSettingsRequest): Promise<OrderSettings> {
    const current = await this.get();
    const next = { ...current, ...changes, nursery: { ...current.nursery, ...changes.nursery } };
    await this.settings.set(KEY, next);
    return next;
  }
}
