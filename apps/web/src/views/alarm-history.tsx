import { useEffect, useState } from 'preact/hooks';
import { formatStamp, type AlarmResponse } from '#contracts';
import { alarmText, severityText } from '../alarm-text.ts';
import { request } from '../api.ts';
import { locale, localName, t } from '../i18n.ts';
import { onLive } from '../live.ts';
import type { AlarmHouse } from './alarm-list.tsx';
import '../alarms.css';

/** One alarm as people think of it (this rule, here, on this subject) and each time it happened. */
export interface AlarmGroup {
  readonly key: string;
  /** Newest first. */
  readonly episodes: AlarmResponse[];
  /** Some episode is not over (active or acknowledged). */
  readonly open: boolean;
}

const startOf = (alarm: AlarmResponse) => Date.parse(alarm.raisedAt ?? alarm.since);

/** Rows of GET /api/alarms/history into alarms with their episodes: open ones first, then newest. */
export function groupAlarms(rows: readonly AlarmResponse[]): AlarmGroup[] {
  const groups = new Map<string, AlarmResponse[]>();
  for (const row of rows) {
    if (row.state === 'pending') continue;
    const key = `${row.rule}|${row.zone}|${row.subject}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups]
    .map(([key, episodes]) => {
      const sorted = [...episodes].sort((a, b) => startOf(b) - startOf(a));
      return { key, episodes: sorted, open: sorted.some((e) => e.state !== 'cleared') };
    })
    .sort((a, b) => Number(b.open) - Number(a.open) || startOf(b.episodes[0]) - startOf(a.episodes[0]));
}

let housesOnce: Promise<AlarmHouse[]> | null = null;
/** Every zone of the site with its names (houses, the germination room, outdoors), asked once. */
export const loadHouses = (): Promise<AlarmHouse[]> =>
  (housesOnce ??= request('GET /api/zones').catch((): AlarmHouse[] => {
    housesOnce = null;
    return [];
  }));

/**
 * The alarm history: current and past alarms, each with its episodes — raised, acknowledged (by
 * whom, when, with the note), cleared (by the rule or by hand). The technician's page shows it
 * under the open alarms; the manager's 报警记录 tab is this component.
 */
export function AlarmHistory({ zones, limit = 200 }: { zones?: readonly AlarmHouse[]; limit?: number }) {
  const [rows, setRows] = useState<AlarmResponse[] | null>(null);
  const [houses, setHouses] = useState<readonly AlarmHouse[]>(zones ?? []);
  useEffect(() => {
    if (!zones) void loadHouses().then(setHouses);
    const load = () =>
      void request('GET /api/alarms/history', {
        query: { state: 'active,acknowledged,cleared', limit },
      })
        .then(setRows)
        .catch(() => setRows((held) => held ?? []));
    return onLive({ alarm: load, load });
  }, []);
  const zoneName = (code: string) =>
    code === '*' ? t('wholeSite') : localName(houses.find((z) => z.code === code)) || code;

  if (rows === null) return <p class="muted">{t('loading')}</p>;
  const groups = groupAlarms(rows);
  return (
    <section class="alarm-history" data-testid="alarm-history" data-count={groups.length}>
      <h3>{t('alarmHistory')}</h3>
      {groups.length === 0 ? (
        <p class="muted">{t('noData')}</p>
      ) : (
        <ul>
          {groups.map((group) => {
            const latest = group.episodes[0];
            const text = alarmText(latest);
            return (
              <li
                key={group.key}
                class={`history-alarm sev-${latest.severity}`}
                data-testid="history-alarm"
                data-rule={latest.rule}
                data-zone={latest.zone}
                data-open={group.open}
              >
                <div class="history-head">
                  <strong>{text.title}</strong>
                  <span class="sev">{severityText(latest.severity)}</span>
                  <span class={`tag ${group.open ? 'tag-open' : ''}`}>
                    {t(group.open ? 'alarmOngoing' : 'alarmOver')}
                  </span>
                  <span class="muted">
                    {zoneName(latest.zone)}
                    {latest.subject ? ` · ${latest.subject}` : ''} · {group.episodes.length} {t('episodes')}
                  </span>
                </div>
                <ol class="episodes">
                  {group.episodes.map((episode) => (
                    <Episode key={episode.id} episode={episode} />
                  ))}
                </ol>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function Episode({ episode }: { episode: AlarmResponse }) {
  const byHand = episode.clearedBy !== null && episode.clearedBy !== 'rule' && episode.clearedBy !== 'system';
  return (
    <li data-testid={`episode-${episode.id}`} data-state={episode.state}>
      <div class="episode-text">{alarmText(episode).message}</div>
      <div class="episode-steps">
        <span>
          {t('raisedAt')} {formatStamp(episode.raisedAt ?? episode.since)}
        </span>
        {episode.acknowledgedAt && (
          <span data-testid="episode-ack">
            {t('ackedBy')} <b>{episode.acknowledgedBy ?? '—'}</b> · {formatStamp(episode.acknowledgedAt)}
            {episode.ackComment && ` · ${episode.ackComment}`}
          </span>
        )}
        {episode.clearedAt && (
          <span data-testid="episode-cleared">
            {t('clearedAt')} {formatStamp(episode.clearedAt)}
            {byHand && handNote(episode)}
          </span>
        )}
      </div>
    </li>
  );
}

/** "（手动解除：张三，已处理）" / " (cleared by hand: Zhang, dealt with)". */
function handNote(episode: AlarmResponse): string {
  const en = locale.get() === 'en';
  const parts = [episode.clearedBy ?? '', episode.clearComment ?? ''].filter(Boolean).join(en ? ', ' : '，');
  return en ? ` (${t('clearedByHand')}: ${parts})` : `（${t('clearedByHand')}：${parts}）`;
}
