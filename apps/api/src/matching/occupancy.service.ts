import { Injectable } from '@nestjs/common';
import { CapacityCalendar, capacityWeeks, fromDayNumber, germinationRoomDays, toDayNumber } from '#agronomy';
import type { CapacityResponse, PlaceOccupancy, PlannedSowing } from '#contracts';
import { MatchingRepository } from './matching.repository.js';
import { MatchingStateReader } from './matching-state.js';

/** The occupancy calendar behind /api/capacity: what the benches and the germination room hold, per day and week. */
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
   * Trays on the benches of each greenhouse and in the germination room, day by day and week by
   * week, against capacity: live batches and the planned sowings of the sowing plan, with the same
   * stays the engine plans with (germination room for the crop's emergence days, then the bench
   * until the end of the ready window). Planned sowings are counted twice over: in the totals, and
   * in a calendar of their own, so a week can say how much of it is not yet sown.
   */
  async occupancy(from: string, days: number): Promise<CapacityResponse> {
    const state = await this.state.load(this.repository.reader, false, await this.state.context());
    const firstDay = toDayNumber(from);
    const lastDay = firstDay + days - 1;
    const all = new CapacityCalendar(firstDay, days, state.capacity);
    const planned = new CapacityCalendar(firstDay, days, state.capacity);
    const plannedSowings: PlannedSowing[] = [];
    const codes = new Map(state.rows.batches.map((row) => [row.id, row.code]));
    for (const batch of state.batches) {
      const stay = {
        zone: batch.zone,
        sowDay: toDayNumber(batch.sowDate),
        germinationDays: germinationRoomDays(state.catalogue[batch.crop]),
        lastBenchDay: toDayNumber(batch.readyUntil),
        trays: batch.trays,
      };
      all.add(stay);
      if (batch.status !== 'planned') continue;
      planned.add(stay);
      if (stay.sowDay >= firstDay && stay.sowDay <= lastDay)
        plannedSowings.push({
          batchId: batch.id,
          code: codes.get(batch.id) ?? '',
          crop: batch.crop,
          zone: batch.zone,
          sowDate: batch.sowDate,
          trays: batch.trays,
          germinationUntil: fromDayNumber(stay.sowDay + stay.germinationDays - 1),
        });
    }
    const place = (name: string, capacityTrays: number): PlaceOccupancy => {
      const used = Array.from({ length: days }, (_, index) => all.usedOn(name, firstDay + index));
      const plannedUsed = Array.from({ length: days }, (_, index) => planned.usedOn(name, firstDay + index));
      return {
        capacityTrays,
        days: used.map((trays, index) => ({ date: fromDayNumber(firstDay + index), trays })),
        weeks: capacityWeeks(used, plannedUsed, capacityTrays).map(({ firstIndex, ...week }) => ({
          from: fromDayNumber(firstDay + firstIndex),
          ...week,
        })),
      };
    };
    plannedSowings.sort((a, b) => a.sowDate.localeCompare(b.sowDate) || a.code.localeCompare(b.code));
    return {
      from,
      days,
      zones: state.capacity.zones.map((zone) => ({ zone: zone.zone, ...place(zone.zone, zone.benchTrays) })),
      germinationRoom: place('germination_room', state.capacity.germinationRoomTrays),
      plannedSowings,
    };
  }
}
