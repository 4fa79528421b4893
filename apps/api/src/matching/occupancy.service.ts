import { Injectable } from '@nestjs/common';
import { CapacityCalendar, fromDayNumber, germinationRoomDays, toDayNumber } from '#agronomy';
import { MatchingRepository } from './matching.repository.js';
import { MatchingStateReader } from './matching-state.js';

export interface OccupancySeries {
  capacityTrays: number;
  days: { date: string; trays: number }[];
}

export interface Occupancy {
  from: string;
  days: number;
  zones: (OccupancySeries & { zone: string })[];
  germinationRoom: OccupancySeries;
}

/** The occupancy calendar behind /api/capacity: what the benches and the germination room hold, per day. */
@Injectable()
export class OccupancyService {
  constructor(
    private readonly repository: MatchingRepository,
    private readonly state: MatchingStateReader,
  ) {}

  today(): string {
    return this.state.today();
  }

  /**
   * Trays on the benches of each greenhouse and in the germination room, day by day, against capacity:
   * live and planned batches, with the same stays the engine plans with (germination room for the
   * crop's emergence days, then the bench until the end of the ready window).
   */
  async occupancy(from: string, days: number): Promise<Occupancy> {
    const state = await this.state.load(this.repository.reader, false, await this.state.context());
    const firstDay = toDayNumber(from);
    const calendar = new CapacityCalendar(firstDay, days, state.capacity);
    for (const batch of state.batches)
      calendar.add({
        zone: batch.zone,
        sowDay: toDayNumber(batch.sowDate),
        germinationDays: germinationRoomDays(state.catalogue[batch.crop]),
        lastBenchDay: toDayNumber(batch.readyUntil),
        trays: batch.trays,
      });
    const series = (place: string) =>
      Array.from({ length: days }, (_, index) => ({
        date: fromDayNumber(firstDay + index),
        trays: calendar.usedOn(place, firstDay + index),
      }));
    return {
      from,
      days,
      zones: state.capacity.zones.map((zone) => ({
        zone: zone.zone,
        capacityTrays: zone.benchTrays,
        days: series(zone.zone),
      })),
      germinationRoom: {
        capacityTrays: state.capacity.germinationRoomTrays,
        days: series('germination_room'),
      },
    };
  }
}
