import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '#config';
import { SYSTEM_RULE_CODES } from '#contracts';
import { DomainEvents } from '../common/domain-events.js';
import { APP_CONFIG } from '../common/tokens.js';
import { ThresholdsService } from '../thresholds/thresholds.service.js';
import { step, type AlarmParamValues, type LifecycleState } from './alarm-lifecycle.js';
import { AlarmNotifier } from './alarm-notifier.service.js';
import type { Alarm } from './alarm.entity.js';
import { storedAlarmParams } from './alarm-params.js';
import type { AlarmChange } from './alarms.events.js';
import { AlarmsRepository } from './alarms.repository.js';
import type { Judgement } from './zone-judgement.js';

/** Parameters as text with sorted keys: jsonb hands keys back in its own order. */
function canonical(params: Readonly<AlarmParamValues> | null): string {
  if (params === null) return 'null';
  return JSON.stringify(
    Object.keys(params)
      .sort()
      .map((key) => [key, params[key]]),
  );
}

/**
 * Carries a judgement through an alarm's lifecycle: stores the transition (pending, raised,
 * severity, cleared, dropped), notifies the duty roster and announces `alarm.changed`.
 */
@Injectable()
export class AlarmTransitions {
  private readonly logger = new Logger('alarms');

  constructor(
    private readonly repository: AlarmsRepository,
    private readonly thresholds: ThresholdsService,
    private readonly notifier: AlarmNotifier,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async apply(judgement: Judgement, previous: Alarm | undefined, now: number): Promise<void> {
    const state: LifecycleState | null = previous
      ? {
          state: previous.state,
          since: (previous.raisedAt ?? previous.since).getTime(),
          clearSince: previous.clearSince?.getTime() ?? null,
          severity: previous.severity,
        }
      : null;
    const transition = step(state, judgement.decision, now);
    const decision = judgement.decision;
    const at = new Date(now);
    const stored = decision ? storedAlarmParams(judgement.rule, judgement.subject, decision) : null;
    const facts = decision
      ? {
          message: decision.message.slice(0, 300),
          value: decision.value ?? null,
          threshold: decision.threshold ?? null,
          params: stored,
        }
      : {};
    switch (transition.kind) {
      case 'none': {
        if (previous && transition.next) {
          const clearSince =
            transition.next.clearSince === null ? null : new Date(transition.next.clearSince);
          // A system fault may say more while its alarm stays open (the disk watch shed another
          // day): the open alarm says it too, without notifying again. Measured rules are not
          // rewritten every minute: their parameters are those of the moment they were raised.
          const params =
            decision !== undefined &&
            stored !== null &&
            (SYSTEM_RULE_CODES as readonly string[]).includes(judgement.rule) &&
            canonical(stored) !== canonical(previous.params)
              ? { params: stored, message: decision.message.slice(0, 300) }
              : {};
          if (
            (previous.clearSince?.getTime() ?? null) !== transition.next.clearSince ||
            previous.severity !== transition.next.severity ||
            'params' in params
          ) {
            await this.repository.update(previous.id, {
              clearSince,
              severity: transition.next.severity,
              ...params,
            });
          }
        }
        return;
      }
      case 'pending': {
        const alarm = await this.repository.insertOpen({
          rule: judgement.rule,
          site: this.config.siteCode,
          zone: judgement.zone,
          subject: judgement.subject,
          state: 'pending',
          severity: transition.next.severity,
          since: at,
          ...facts,
        });
        if (alarm) this.emit('pending', alarm, now);
        return;
      }
      case 'dropped':
        if (previous) await this.repository.remove(previous.id);
        return;
      case 'raised': {
        const impact = await this.repository.impact(await this.thresholds.batchesIn(judgement.zone));
        let alarm: Alarm | null;
        if (previous) {
          await this.repository.update(previous.id, {
            state: 'active',
            raisedAt: at,
            severity: transition.next.severity,
            impact,
            clearSince: null,
            ...facts,
          });
          alarm = await this.repository.findById(previous.id);
        } else {
          alarm = await this.repository.insertOpen({
            rule: judgement.rule,
            site: this.config.siteCode,
            zone: judgement.zone,
            subject: judgement.subject,
            state: 'active',
            severity: transition.next.severity,
            since: at,
            raisedAt: at,
            impact,
            ...facts,
          });
        }
        if (alarm) {
          this.logger.warn(
            `raised ${alarm.severity} ${alarm.rule} in ${alarm.zone}${alarm.subject ? `/${alarm.subject}` : ''}: ${alarm.message}`,
          );
          const recipients = await this.notifier.raised(alarm, now);
          this.emit('raised', alarm, now, recipients);
        }
        return;
      }
      case 'escalated-severity': {
        if (!previous) return;
        await this.repository.update(previous.id, {
          state: 'active',
          severity: transition.next.severity,
          clearSince: null,
          acknowledgedAt: null,
          ...facts,
        });
        const alarm = await this.repository.findById(previous.id);
        if (alarm) this.emit('severity', alarm, now, await this.notifier.raised(alarm, now));
        return;
      }
      case 'cleared': {
        if (!previous) return;
        await this.repository.update(previous.id, {
          state: 'cleared',
          clearedAt: at,
          clearedBy: 'rule',
          clearComment: decision ? `Back in range: ${decision.message}`.slice(0, 500) : 'Back in range',
        });
        const alarm = await this.repository.findById(previous.id);
        if (alarm) {
          this.logger.log(`cleared ${alarm.rule} in ${alarm.zone}`);
          this.emit('cleared', alarm, now, await this.notifier.cleared(alarm, now));
        }
        return;
      }
    }
  }

  private emit(change: AlarmChange, alarm: Alarm, now: number, recipients: readonly string[] = []): void {
    this.events.emit('alarm.changed', { change, alarm, recipients, ts: now });
  }
}
