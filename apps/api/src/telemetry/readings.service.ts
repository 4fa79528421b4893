import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '#config';
import { METRIC_BY_KEY, decodeMetricValue, type Clock, type MetricValue } from '#contracts';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, CLOCK } from '../common/tokens.js';
import type { Device, Presence } from '../devices/device.entity.js';
import { DevicesRepository } from '../devices/devices.repository.js';
import { ZonesService } from '../zones/zones.service.js';
import { chooseStep, derive, isDerivedMetric, type Step, type StepRequest } from './readings-math.js';
import { ReadingsRepository, type SeriesPoint } from './readings.repository.js';

export interface LatestValue {
  readonly metric: string;
  readonly value: MetricValue;
  readonly ts: string;
  readonly ageS: number;
  readonly derived?: true;
}

export interface DeviceLatest {
  readonly device: string;
  readonly kind: string;
  readonly presence: Presence;
  readonly lastSeenAt: string | null;
  readonly clockSkewFlagged: boolean;
  readonly intervalS: number;
  readonly values: LatestValue[];
}

export interface Series {
  readonly device: string;
  readonly metric: string;
  readonly step: string;
  readonly points: { ts: string; value: number | null; min?: number; max?: number; count?: number }[];
}

export interface ReadingsQuery {
  readonly zone: string;
  readonly metric: string;
  readonly from: Date;
  readonly to: Date;
  readonly step: StepRequest;
  readonly site?: string;
  readonly device?: string;
}

const stepName = (step: Step): string => (typeof step === 'string' ? step : `${step.bucketS / 3600}h`);

@Injectable()
export class ReadingsService {
  constructor(
    private readonly readings: ReadingsRepository,
    private readonly devices: DevicesRepository,
    private readonly zones: ZonesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async latest(
    zoneCode: string,
    site?: string,
  ): Promise<{ site: string; zone: string; devices: DeviceLatest[] }> {
    const zone = await this.zones.get(zoneCode, site);
    const devices = (await this.devices.list(zone.site)).filter((d) => d.zoneCode === zone.code);
    const rows = await this.readings.latest(devices.map((d) => d.id));
    const now = this.clock.now();
    return {
      site: zone.site,
      zone: zone.code,
      devices: devices.map((device) => {
        const values: LatestValue[] = [];
        for (const row of rows.filter((r) => r.deviceId === device.id)) {
          const metric = METRIC_BY_KEY.get(row.metric);
          values.push({
            metric: row.metric,
            value: metric ? decodeMetricValue(metric, row.value) : row.value,
            ts: row.ts.toISOString(),
            ageS: Math.max(0, Math.round((now - row.ts.getTime()) / 1000)),
          });
        }
        const temp = values.find((v) => v.metric === 'air_temp_c');
        const rh = values.find((v) => v.metric === 'air_rh_pct');
        if (temp && rh && typeof temp.value === 'number' && typeof rh.value === 'number') {
          const older = temp.ageS > rh.ageS ? temp : rh;
          for (const metric of ['dew_point_c', 'vpd_kpa'] as const) {
            const value = derive(metric, temp.value, rh.value);
            if (value !== null) values.push({ metric, value, ts: older.ts, ageS: older.ageS, derived: true });
          }
        }
        return {
          device: device.device,
          kind: device.kind,
          presence: device.presence,
          lastSeenAt: device.lastSeenAt?.toISOString() ?? null,
          clockSkewFlagged: device.clockSkewFlagged,
          intervalS: device.intervalS,
          values,
        };
      }),
    };
  }

  async series(query: ReadingsQuery): Promise<Series[]> {
    if (!(query.to.getTime() > query.from.getTime()))
      throw DomainError.invalid('RANGE_REVERSED', 'from must be before to');
    const derived = isDerivedMetric(query.metric);
    if (!derived && !METRIC_BY_KEY.has(query.metric)) {
      throw new DomainError('UNKNOWN_METRIC', `Unknown metric ${query.metric}`, 400);
    }
    const zone = await this.zones.get(query.zone, query.site);
    const devices = (await this.devices.list(zone.site)).filter(
      (d) => d.zoneCode === zone.code && (query.device === undefined || d.device === query.device),
    );
    const span = query.to.getTime() - query.from.getTime();
    const result: Series[] = [];
    // One step per device: each series stays within the point budget for its own interval.
    for (const device of devices) {
      const step = chooseStep(query.step, span, device.intervalS);
      const points = derived
        ? await this.derivedPoints(device, query.metric, query, step)
        : (await this.readings.series([device.id], query.metric, query.from, query.to, step)).map(toPoint);
      if (points.length > 0 || query.device !== undefined) {
        result.push({ device: device.device, metric: query.metric, step: stepName(step), points });
      }
    }
    return result;
  }

  private async derivedPoints(
    device: Device,
    metric: 'dew_point_c' | 'vpd_kpa',
    query: ReadingsQuery,
    step: Step,
  ) {
    const [temps, rhs] = await Promise.all([
      this.readings.series([device.id], 'air_temp_c', query.from, query.to, step),
      this.readings.series([device.id], 'air_rh_pct', query.from, query.to, step),
    ]);
    const rhByTs = new Map(rhs.map((p) => [p.ts.getTime(), p.value]));
    const points: Series['points'] = [];
    for (const temp of temps) {
      const rh = rhByTs.get(temp.ts.getTime());
      if (rh === undefined) continue;
      points.push({ ts: temp.ts.toISOString(), value: derive(metric, temp.value, rh) });
    }
    return points;
  }

  static toCsv(series: readonly Series[]): string {
    const lines = ['device,metric,step,ts,value,min,max,count'];
    for (const s of series) {
      for (const p of s.points) {
        lines.push(
          [s.device, s.metric, s.step, p.ts, p.value ?? '', p.min ?? '', p.max ?? '', p.count ?? ''].join(
            ',',
          ),
        );
      }
    }
    return `${lines.join('\n')}\n`;
  }
}

function toPoint(point: SeriesPoint): Series['points'][number] {
  const out: Series['points'][number] = { ts: point.ts.toISOString(), value: point.value };
  if (point.min !== undefined) {
    out.min = point.min;
    out.max = point.max;
    out.count = point.count;
  }
  return out;
}
