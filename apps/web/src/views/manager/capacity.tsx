// The capacity calendar: each house and the germination room, week by week, as a share of what it
// holds (GET /api/capacity, the matching engine's own occupancy), with the planned sowings in it.
import type { CapacityResponse, OccupancyWeek, PlaceOccupancy, ZoneResponse } from '#contracts';
import { formatCount } from '../../format.ts';
import { localName, t } from '../../i18n.ts';
import { cropName } from '../orders.tsx';
import './manager-setup.css';

function WeekCell({ week, capacity }: { week: OccupancyWeek | undefined; capacity: number }) {
  if (!week) return <td />;
  const ratio = week.percent === null ? 0 : Math.min(1, week.percent / 100);
  const planned =
    week.plannedTrays > 0 ? ` · ${t('capPlannedShort')} ${formatCount(week.plannedTrays, 'trays')}` : '';
  return (
    <td
      class={week.percent !== null && week.percent > 100 ? 'cap-over' : ''}
      style={{ background: `rgba(46,125,50,${ratio.toFixed(2)})`, color: ratio > 0.55 ? '#fff' : undefined }}
      title={`${formatCount(week.trays, 'trays')} / ${formatCount(capacity, 'trays')}${planned}`}
    >
      {week.percent !== null ? `${week.percent}%` : week.trays > 0 ? formatCount(week.trays, 'trays') : ''}
      {week.plannedTrays > 0 && <span class="cap-planned">*</span>}
    </td>
  );
}

export function CapacityCalendar({
  capacity,
  zones,
}: {
  capacity: CapacityResponse | null;
  zones: readonly ZoneResponse[];
}) {
  if (!capacity) return null;
  const weeks = capacity.germinationRoom.weeks;
  const nameOf = (code: string) => localName(zones.find((zone) => zone.code === code)) || code;
  const germinationRoom = zones.find((zone) => zone.kind === 'germination');
  const rows: [string, string, PlaceOccupancy][] = [
    ...capacity.zones.map((place): [string, string, PlaceOccupancy] => [
      place.zone,
      nameOf(place.zone),
      place,
    ]),
    [
      'germination_room',
      germinationRoom ? localName(germinationRoom) : t('capGerminationRoom'),
      capacity.germinationRoom,
    ],
  ];
  return (
    <section data-testid="capacity-calendar">
      <h3>{t('capacity')}</h3>
      <p class="muted">{t('capNote')}</p>
      <div class="scroll">
        <table class="capacity">
          <thead>
            <tr>
              <th>{t('zone')}</th>
              {weeks.map((week) => (
                <th>{week.from.slice(5)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(([code, name, place]) => (
              <tr data-testid={`capacity-row-${code}`}>
                <th scope="row">
                  {name}
                  <span class="muted cap-total">
                    {place.capacityTrays > 0
                      ? formatCount(place.capacityTrays, 'trays')
                      : t('hsCapacityUnset')}
                  </span>
                </th>
                {weeks.map((_, index) => (
                  <WeekCell week={place.weeks[index]} capacity={place.capacityTrays} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h4>{t('capPlanned')}</h4>
      {capacity.plannedSowings.length === 0 ? (
        <p class="muted">{t('capNoPlanned')}</p>
      ) : (
        <ul class="cap-sowings" data-testid="planned-sowings">
          {capacity.plannedSowings.map((sowing) => (
            <li>
              {sowing.sowDate.slice(5)} · {cropName(sowing.crop)} · {nameOf(sowing.zone)} ·{' '}
              {formatCount(sowing.trays, 'trays')} ·{' '}
              {t('capGerminationUntil').replace('{date}', sowing.germinationUntil.slice(5))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
