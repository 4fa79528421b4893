import { useEffect, useState } from 'preact/hooks';
import type { ObservationResponse, ZoneResponse } from '#contracts';
import { request } from '../../api.ts';
import { alarmText } from '../../alarm-text.ts';
import { onLive } from '../../live.ts';
import { formatDateTime } from '../../format.ts';
import { t, type MessageKey } from '../../i18n.ts';
import { errorMessage } from '../../messages.ts';
import { zoneName } from '../batch-records/data.ts';
import { tf } from '../batch-records/text.ts';
import { cropName } from '../orders.tsx';
import { photoUrl } from './photos.ts';
import './observations.css';

const KIND_KEY: Record<ObservationResponse['kind'], MessageKey> = {
  observation: 'obsKindObservation',
  recommendation: 'obsKindRecommendation',
};

/**
 * One stored photo as a thumbnail; a tap shows it at the page's width (a data: URL cannot open in a
 * tab of its own: browsers refuse to navigate to one).
 */
function PhotoThumb({ id, n }: { id: string; n: number }) {
  const [url, setUrl] = useState<string | null>(null);
  const [large, setLarge] = useState(false);
  useEffect(() => {
    let live = true;
    photoUrl(id).then(
      (found) => live && setUrl(found),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [id]);
  const label = tf('obsPhoto', { n });
  if (!url) return <span class="obs-thumb" aria-label={label} />;
  return (
    <button
      type="button"
      class={large ? 'obs-large' : 'obs-thumb'}
      aria-label={label}
      aria-expanded={large}
      data-testid="obs-photo"
      onClick={() => setLarge(!large)}
    >
      <img src={url} alt={label} loading="lazy" />
    </button>
  );
}

/** What an observation is about: the batch (code, crop, house) or the alarm (title, house). */
function targetText(observation: ObservationResponse, zones: readonly ZoneResponse[]): string {
  if (observation.batch) {
    const { code, crop, zone } = observation.batch;
    return `${code} ${cropName(crop)} · ${zoneName(zones, zone)}`;
  }
  if (observation.alarm) {
    const { rule, zone, since } = observation.alarm;
    const { title } = alarmText({
      rule,
      since,
      message: '',
      value: null,
      threshold: null,
      subject: '',
      params: null,
    });
    return `${t('obsOnAlarm')}：${title} · ${zoneName(zones, zone)}`;
  }
  return '';
}

/**
 * Observations as cards: kind, batch or alarm, text, author and time, photos, and who marked it
 * done. `onDone` offers 标记完成 on the open ones (technicians and the manager).
 */
export function ObservationList(props: {
  observations: readonly ObservationResponse[];
  zones: readonly ZoneResponse[];
  onDone?: (done: ObservationResponse) => void;
  testId: string;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState('');
  const markDone = async (id: string) => {
    setBusy(id);
    setError('');
    try {
      props.onDone?.(await request('POST /api/observations/:id/done', { params: { id } }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  if (props.observations.length === 0)
    return (
      <p class="muted" data-testid={props.testId}>
        {t('obsNone')}
      </p>
    );
  return (
    <>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <ul class="obs-list" data-testid={props.testId}>
        {props.observations.map((observation) => (
          <li
            class={`card obs obs-${observation.kind}`}
            data-testid={`obs-${observation.id}`}
            data-state={observation.done ? 'done' : 'open'}
          >
            <div class="obs-head">
              <span class="tag">{t(KIND_KEY[observation.kind])}</span>{' '}
              <b class="data">{targetText(observation, props.zones)}</b>
            </div>
            <p class="obs-text">{observation.text}</p>
            {observation.photoIds.length > 0 && (
              <div class="obs-photos">
                {observation.photoIds.map((id, i) => (
                  <PhotoThumb key={id} id={id} n={i + 1} />
                ))}
              </div>
            )}
            <p class="muted">
              {observation.author.name} · {formatDateTime(observation.createdAt)}
            </p>
            {observation.done ? (
              <p class="muted" data-testid="obs-done">
                {tf('obsDone', { name: observation.done.by.name, time: formatDateTime(observation.done.at) })}
              </p>
            ) : (
              props.onDone && (
                <button
                  type="button"
                  class="primary"
                  disabled={busy !== null}
                  data-testid="obs-mark-done"
                  onClick={() => void markDone(observation.id)}
                >
                  {t('obsMarkDone')}
                </button>
              )
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The observations of one query, kept current over the socket; the second value reloads them. */
export function useObservations(
  query: Parameters<typeof request<'GET /api/observations'>>[1],
): [ObservationResponse[] | null, () => void] {
  const [list, setList] = useState<ObservationResponse[] | null>(null);
  const key = JSON.stringify(query ?? {});
  const load = () => {
    void request('GET /api/observations', query)
      .then(setList)
      .catch(() => setList([]));
  };
  // Loaded once the socket has joined its rooms, and again whenever anyone writes or marks one done.
  useEffect(() => onLive({ observation: load, load }), [key]);
  return [list, load];
}

/** 今日工作's section: the open observations and recommendations, until someone marks each done. */
export function OpenObservations({ zones }: { zones: readonly ZoneResponse[] }) {
  const [open, reload] = useObservations({ query: { state: 'open' } });
  if (open === null || open.length === 0) return null;
  return (
    <section class="obs-section" data-testid="today-observations">
      <h3>{t('obsOpenTitle')}</h3>
      <ObservationList observations={open} zones={zones} onDone={reload} testId="open-observations" />
    </section>
  );
}

/** A batch's observations on its page, open and done; the open ones can be marked done. */
export function BatchObservations({ batchId, zones }: { batchId: string; zones: readonly ZoneResponse[] }) {
  const [list, reload] = useObservations({ query: { batchId } });
  if (list === null || list.length === 0) return null;
  return (
    <section class="panel" data-testid="batch-observations">
      <h3>{t('obsOfBatch')}</h3>
      <ObservationList observations={list} zones={zones} onDone={reload} testId="batch-observation-list" />
    </section>
  );
}
