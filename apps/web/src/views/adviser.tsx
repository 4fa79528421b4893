import { useEffect, useState } from 'preact/hooks';
import { isGrowing, type BatchResponse, type ObservationResponse, type ZoneResponse } from '#contracts';
import { request } from '../api.ts';
import { formatCount, formatDate } from '../format.ts';
import { onLive } from '../live.ts';
import { t, type MessageKey } from '../i18n.ts';
import { navigate, route } from '../router.ts';
import { useSignal } from '../state.ts';
import { SubTabs } from './sub-tabs.tsx';
import { AlarmHistory } from './alarm-history.tsx';
import { HistoryView } from './history.tsx';
import { cropName, stageText, useCropNames } from './orders.tsx';
import { ObservationForm } from './observations/observation-form.tsx';
import { ObservationList, useObservations } from './observations/observation-list.tsx';
import { PassportPanel } from './passport/passport-panel.tsx';
import './history.css';

const SECTIONS: [string, MessageKey][] = [
  ['/adviser', 'historyTab'],
  ['/adviser/batches', 'batches'],
  ['/adviser/alarms', 'alarmHistory'],
  ['/adviser/observations', 'obsTab'],
];

/**
 * The adviser's page (顾问, the visiting expert): the houses' climate over time, the batches growing
 * and the alarm history to read, and their observations and recommendations to write — the one
 * write the api answers an adviser (docs/roles.md).
 */
export function AdviserView() {
  const [path] = useSignal(route).split('?');
  // The socket for every tab: the connection badge, and alarms and batches as they change.
  useEffect(() => onLive({}), []);
  let view;
  if (path === '/adviser/batches') view = <AdviserBatches />;
  else if (path === '/adviser/alarms') view = <AlarmHistory />;
  else if (path === '/adviser/observations') view = <AdviserObservations />;
  else if (path === '/adviser/passport') view = <AdviserPassport />;
  else view = <HistoryView />;
  return (
    <>
      <SubTabs sections={SECTIONS} current={path} home="history" testId="adviser-tabs" />
      {view}
    </>
  );
}

/** The growing batches by house: crop, stage, sowing, counts and the ready window. */
function AdviserBatches() {
  useCropNames();
  const [batches, setBatches] = useState<BatchResponse[] | null>(null);
  const [zones, setZones] = useState<ZoneResponse[]>([]);
  const [observations] = useObservations({});
  useEffect(() => {
    const load = () => {
      void request('GET /api/batches')
        .then(setBatches)
        .catch(() => setBatches([]));
    };
    void request('GET /api/zones')
      .then(setZones)
      .catch(() => setZones([]));
    return onLive({ batch: load, load });
  }, []);
  if (batches === null) return <p class="muted">{t('loading')}</p>;
  const houseName = new Map(zones.map((zone) => [zone.code, zone.name]));
  const onBatch = new Map<string, ObservationResponse[]>();
  for (const observation of observations ?? [])
    if (observation.batch)
      onBatch.set(observation.batch.id, [...(onBatch.get(observation.batch.id) ?? []), observation]);
  const finished = batches
    .filter((batch) => batch.stage !== 'planned' && !isGrowing(batch.stage))
    .sort((a, b) => b.sowDate.localeCompare(a.sowDate));
  const growing = batches
    .filter((batch) => isGrowing(batch.stage))
    .sort((a, b) => a.zone.localeCompare(b.zone) || a.sowDate.localeCompare(b.sowDate));
  return (
    <section class="batch-records" data-testid="adviser-batches">
      <h2>{t('liveBatches')}</h2>
      {growing.length === 0 ? (
        <p class="muted">{t('noData')}</p>
      ) : (
        <ul class="work-list">
          {growing.map((batch) => (
            <li class="card" data-testid={`adviser-batch-${batch.code}`}>
              <b class="data">{batch.code}</b> {cropName(batch.crop)} {batch.cultivar ?? ''}{' '}
              <span class="tag">{stageText(batch.stage)}</span>
              <p class="muted">
                <span class="data">{houseName.get(batch.zone) ?? batch.zone}</span> · {t('sowDate')}{' '}
                {formatDate(batch.sowDate)} · {formatCount(batch.trays, 'trays')} · {t('readyWindow')}{' '}
                {formatDate(batch.readyFrom)}–{formatDate(batch.readyUntil)}
              </p>
              <p class="muted">
                {t('adviserEmerged')} {batch.emerged === null ? '—' : formatCount(batch.emerged)} ·{' '}
                {t('adviserCulled')} {formatCount(batch.culled)} · {t('forecastSaleable')}{' '}
                {formatCount(batch.forecastSaleable)}
              </p>
              {(onBatch.get(batch.id) ?? []).length > 0 && (
                <ObservationList
                  observations={onBatch.get(batch.id) ?? []}
                  zones={zones}
                  testId={`adviser-batch-observations-${batch.code}`}
                />
              )}
              <a
                href={`/adviser/observations?batch=${batch.id}`}
                data-testid={`adviser-write-${batch.code}`}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(`/adviser/observations?batch=${batch.id}`);
                }}
              >
                {t('obsWrite')}
              </a>{' '}
              · <PassportLink batch={batch} />
            </li>
          ))}
        </ul>
      )}
      {finished.length > 0 && (
        <>
          <h2>{t('passportFinished')}</h2>
          <ul class="work-list" data-testid="adviser-finished">
            {finished.map((batch) => (
              <li class="card">
                <b class="data">{batch.code}</b> {cropName(batch.crop)} {batch.cultivar ?? ''}{' '}
                <span class="tag">{stageText(batch.stage)}</span> · <PassportLink batch={batch} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** To a batch's climate passport. */
function PassportLink({ batch }: { batch: BatchResponse }) {
  const to = `/adviser/passport?batch=${batch.id}`;
  return (
    <a
      href={to}
      data-testid={`adviser-passport-${batch.code}`}
      onClick={(e) => {
        e.preventDefault();
        navigate(to);
      }}
    >
      {t('passportTitle')}
    </a>
  );
}

/** One batch's climate passport, opened from the batch list. */
function AdviserPassport() {
  useCropNames();
  const batchId = new URLSearchParams(location.search).get('batch') ?? '';
  const [zones, setZones] = useState<ZoneResponse[]>([]);
  const [batch, setBatch] = useState<BatchResponse | null>(null);
  useEffect(() => {
    void request('GET /api/zones')
      .then(setZones)
      .catch(() => setZones([]));
    void request('GET /api/batches')
      .then((all) => setBatch(all.find((candidate) => candidate.id === batchId) ?? null))
      .catch(() => setBatch(null));
  }, [batchId]);
  return (
    <section class="batch-records" data-testid="adviser-passport">
      {batch && (
        <h2>
          {batch.code} {cropName(batch.crop)} {batch.cultivar ?? ''}{' '}
          <span class="tag">{stageText(batch.stage)}</span>
        </h2>
      )}
      <PassportPanel batchId={batchId} zones={zones} />
    </section>
  );
}

/** The adviser's observations: the form, then everything written so far, newest first. */
function AdviserObservations() {
  const batchId = new URLSearchParams(location.search).get('batch') ?? undefined;
  const [zones, setZones] = useState<ZoneResponse[]>([]);
  const [observations, reload] = useObservations({});
  useEffect(() => {
    void request('GET /api/zones')
      .then(setZones)
      .catch(() => setZones([]));
  }, []);
  return (
    <section class="batch-records" data-testid="adviser-observations">
      <ObservationForm batchId={batchId} zones={zones} onSaved={reload} />
      <h2>{t('obsTab')}</h2>
      {observations === null ? (
        <p class="muted">{t('loading')}</p>
      ) : (
        <ObservationList observations={observations} zones={zones} testId="adviser-observation-list" />
      )}
    </section>
  );
}
