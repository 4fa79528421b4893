import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '#config';
import { ALARM_PARAM_NAMES } from '#contracts';
import { APP_CONFIG } from '../common/tokens.js';
import { heatingCriticalWindow, isNight } from '../scheduling/nursery-time.js';
import { TickService } from '../scheduling/tick.service.js';
import { SystemEventsService } from '../system/system-events.service.js';
import type { CropProfileSet } from '#agronomy';
import type { HouseLimits } from '../thresholds/house-limits.js';
import { ThresholdsService } from '../thresholds/thresholds.service.js';
import { TelemetryWindowFeed } from '../window/telemetry-window.feed.js';
import type { TelemetryWindow } from '../window/telemetry-window.js';
import { AlarmNotifier } from './alarm-notifier.service.js';
import type { HourlyMean, RuleCode, RuleTime } from './alarm-rules.js';
import { AlarmTransitions } from './alarm-transitions.service.js';
import type { AlarmParamValues } from './alarm-lifecycle.js';
import type { Alarm } from './alarm.entity.js';
import { AlarmsRepository } from './alarms.repository.js';
import {
  type Judgement,
  chillingCrops,
  judgeBatches,
  judgeChilling,
  judgeSite,
  judgeSystem,
  judgeZone,
  timingOf,
} from './zone-judgement.js';

export { SITE_ZONE } from './zone-judgement.js';

const MINUTE = 60_000;
/** The hourly picture for chilling hours is read from the 1-hour rollup at most this often. */
const CHILLING_REFRESH_MS = 5 * MINUTE;
const DAY = 24 * 60 * MINUTE;
/** Every zone is judged at least this often, news or not (clock-only changes we do not model). */
const FULL_EVALUATION_MS = MINUTE;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const key = (rule: string, zone: string, subject: string): string => `${rule}|${zone}|${subject}`;

/**
 * The alarm tick: on every tick it judges the zones whose answers may have changed (pure, in
 * zone-judgement.ts) against the thresholds in force and the telemetry window, and hands each
 * judgement to the lifecycle (AlarmTransitions), with the state in PostgreSQL (alarms table): after
 * a restart the open rows are read back, so an alarm is neither lost nor raised twice.
 */
@Injectable()
export class AlarmEngine implements OnApplicationBootstrap {
  /** Per zone: when time alone may next change one of its decisions (see evaluate). */
  private readonly dueAt = new Map<string, number>();
  private lastPhase: string | undefined;
  private lastFullAt = Number.NEGATIVE_INFINITY;
  private chilling: { fetchedAt: number; zones: string; hours: Map<string, HourlyMean[]> } = {
    fetchedAt: Number.NEGATIVE_INFINITY,
    zones: '',
    hours: new Map(),
  };

  constructor(
    private readonly repository: AlarmsRepository,
    private readonly thresholds: ThresholdsService,
    private readonly feed: TelemetryWindowFeed,
    private readonly transitions: AlarmTransitions,
    private readonly tick: TickService,
    private readonly notifier: AlarmNotifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly systemEvents: SystemEventsService,
  ) {}

  /** The telemetry window the alarms judge (owned by the window room). */
  get window(): TelemetryWindow {
    return this.feed.window;
  }

  onApplicationBootstrap(): void {
    this.tick.register('alarms', (now) => this.evaluate(now));
  }

  /**
   * One evaluation at `now`: every zone that received data (or presence) since the last one, has an
   * open or pending alarm, runs an actuator, or has a timer due (a device about to count as stale
   * or offline, an irrigation's 15-min check); every zone at least once a minute and whenever day,
   * night or the heating-critical window turns. The other zones' decisions cannot have changed: the
   * same window and the same clock phase give the same answers. Yields to the event loop between
   * zones so that ingest acknowledgements never wait behind a whole evaluation.
   */
  async evaluate(now: number): Promise<void> {
    const open = new Map(
      (await this.repository.openAlarms()).map((alarm) => [
        key(alarm.rule, alarm.zone, alarm.subject),
        alarm,
      ]),
    );
    const limits = await this.thresholds.snapshot();
    const timeZone = this.config.nurseryTimeZone;
    const time: RuleTime = {
      now,
      night: isNight(now, timeZone),
      heatingCriticalWindow: heatingCriticalWindow(now, timeZone),
    };
    // Settings and batches change the thresholds of zones without news: they count as news too.
    const phase = `${time.night}|${time.heatingCriticalWindow}|${JSON.stringify(limits.settings)}|${limits.batches
      .map((b) => `${b.id}:${b.zone}:${b.trays}:${b.stage}:${b.allocated}`)
      .join(',')}`;
    const everything =
      phase !== this.lastPhase || now - this.lastFullAt >= FULL_EVALUATION_MS || now < this.lastFullAt;
    if (everything) {
      this.lastPhase = phase;
      this.lastFullAt = now;
    }
    const dirty = this.window.takeDirty();
    const zonesWithOpen = new Set<string>();
    for (const alarm of open.values()) zonesWithOpen.add(alarm.zone);
    const programmedMs = await this.irrigationPrograms(limits.houses);
    const seen = new Set<string>();
    const skipped = new Set<string>();
    for (const { house, thresholds, batchLimits, applicable } of limits.houses) {
      const due = this.dueAt.get(house.code);
      if (
        !everything &&
        !dirty.has(house.code) &&
        !zonesWithOpen.has(house.code) &&
        due !== undefined &&
        due > now
      ) {
        skipped.add(house.code);
        continue;
      }
      const { judgements, dueAt } = judgeZone(
        {
          zone: house,
          devices: this.window.devicesIn(house.code),
          thresholds,
          batchLimits,
          timing: timingOf(applicable),
          isOpen: (rule, subject) => isOpen(open, rule, house.code, subject),
          programmedIrrigationMs: programmedMs.get(house.code),
        },
        time,
      );
      this.dueAt.set(house.code, dueAt);
      await this.applyAll(judgements, open, seen, now);
      await yieldToEventLoop();
    }
    await this.applyAll(judgeSite(this.window.devices, this.config.siteCode, time), open, seen, now);
    await this.applyAll(judgeSystem(await this.openSystemFaults(), this.config.siteCode), open, seen, now);
    await this.applyAll(judgeBatches(limits.batches, limits.profiles, time), open, seen, now);
    await this.applyAll(
      await this.chillingJudgements(limits.houses, limits.profiles, open, time),
      open,
      seen,
      now,
    );
    for (const [alarmKey, alarm] of open) {
      if (!seen.has(alarmKey) && !skipped.has(alarm.zone))
        await this.transitions.apply(
          { rule: alarm.rule as RuleCode, zone: alarm.zone, subject: alarm.subject, decision: undefined },
          alarm,
          now,
        );
    }
    await this.notifier.tick(now);
  }

  private async openSystemFaults(): Promise<Parameters<typeof judgeSystem>[0]> {
    const of = async (kind: 'backup-failed' | 'disk-low') => {
      const event = (await this.systemEvents.openOfKind(kind))[0];
      if (event === undefined) return undefined;
      // The rule's catalogue parameters travel in the event's details (the disk watch: what it shed).
      const params: AlarmParamValues = {};
      for (const name of ALARM_PARAM_NAMES[kind]) {
        const value = event.details?.[name];
        if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
          params[name] = value as string | number | boolean | null;
        }
      }
      return {
        cause: event.cause,
        critical: event.details?.['level'] === 'critical',
        params: Object.keys(params).length === 0 ? undefined : params,
      };
    };
    return { 'backup-failed': await of('backup-failed'), 'disk-low': await of('disk-low') };
  }

  private async applyAll(
    judgements: readonly Judgement[],
    open: Map<string, Alarm>,
    seen: Set<string>,
    now: number,
  ): Promise<void> {
    for (const judgement of judgements) {
      // Nothing open and nothing to raise: the lifecycle would answer "none" (no key, no await).
      if (open.size === 0 && !judgement.decision?.raise) continue;
      const alarmKey = key(judgement.rule, judgement.zone, judgement.subject);
      const previous = open.get(alarmKey);
      if (previous) seen.add(alarmKey);
      else if (!judgement.decision?.raise) continue;
      await this.transitions.apply(judgement, previous, now);
    }
  }

  /**
   * For each zone whose irrigation is running: the programmed run time (params.seconds) of the
   * irrigate command (a person's or a schedule's) that started it: created by the time the run began
   * and not expired before it (a minute's grace for clocks). Unknown (passes, manual runs): undefined.
   */
  private async irrigationPrograms(houses: readonly HouseLimits[]): Promise<Map<string, number | undefined>> {
    const running = new Map<string, number>();
    for (const { house } of houses) {
      const boom = this.window
        .devicesIn(house.code)
        .find((d) => d.kind === 'boom' || d.series.has('irrigation_on'));
      const since = boom?.series.get('irrigation_on')?.onSince();
      if (since !== undefined) running.set(house.code, since);
    }
    const result = new Map<string, number | undefined>();
    if (running.size === 0) return result;
    const earliest = Math.min(...running.values());
    const programs = await this.repository.irrigationPrograms([...running.keys()], new Date(earliest - DAY));
    for (const [zone, since] of running) {
      const command = programs.find(
        (p) => p.zone === zone && p.createdAt <= since + MINUTE && p.expiresAt >= since - MINUTE,
      );
      const seconds = command?.params['seconds'];
      result.set(zone, typeof seconds === 'number' ? seconds * 1000 : undefined);
    }
    return result;
  }

  /**
   * Chilling hours (§2.5): the hourly air means come from the 1-hour rollup, read at most every
   * 5 min (7 days do not fit the window); the judging is pure (zone-judgement.ts).
   */
  private async chillingJudgements(
    houses: readonly HouseLimits[],
    profiles: CropProfileSet,
    open: Map<string, Alarm>,
    time: RuleTime,
  ): Promise<Judgement[]> {
    const wanted = chillingCrops(
      houses.flatMap((h) => h.batches),
      profiles,
    );
    const zoneCodes = [...wanted.keys()].sort().join(',');
    if (
      wanted.size > 0 &&
      (zoneCodes !== this.chilling.zones ||
        time.now - this.chilling.fetchedAt >= CHILLING_REFRESH_MS ||
        time.now < this.chilling.fetchedAt)
    ) {
      const hours = new Map<string, HourlyMean[]>();
      for (const row of await this.repository.hourlyAirMeans(
        [...wanted.keys()],
        new Date(time.now - 7 * DAY),
      )) {
        const list = hours.get(row.zone) ?? [];
        list.push({ hour: row.hour, meanC: row.meanC });
        hours.set(row.zone, list);
      }
      this.chilling = { fetchedAt: time.now, zones: zoneCodes, hours };
    }
    return judgeChilling(
      houses.map(({ house, thresholds, applicable }) => ({
        code: house.code,
        thresholds,
        timing: timingOf(applicable),
      })),
      wanted,
      this.chilling.hours,
      open.values(),
      time,
    );
  }
}

function isOpen(open: Map<string, Alarm>, rule: RuleCode, zone: string, subject: string): boolean {
  if (open.size === 0) return false;
  const alarm = open.get(key(rule, zone, subject));
  return alarm !== undefined && alarm.state !== 'pending';
}
