import { useEffect, useState } from 'preact/hooks';
import {
  isCullCause,
  type BatchDetailResponse,
  type BatchHistoryEntry,
  type BatchStage,
  type ZoneResponse,
} from '#contracts';
import { request, session } from '../../api.ts';
import { formatTime, nurseryDate, toMs } from '../../format.ts';
import { t, type MessageKey } from '../../i18n.ts';
import { errorMessage } from '../../messages.ts';
import { navigate } from '../../router.ts';
import { BatchObservations } from '../observations/observation-list.tsx';
import { PassportPanel } from '../passport/passport-panel.tsx';
import { cropName, stageText } from '../orders.tsx';
import { useNursery, zoneName } from './data.ts';
import { CorrectionForm } from './forms/correction-form.tsx';
import { CountsForm } from './forms/counts-form.tsx';
import { CullForm } from './forms/cull-form.tsx';
import type { FormProps } from './forms/entry-form.tsx';
import { GraftForm } from './forms/graft-form.tsx';
import { MoveForm } from './forms/move-form.tsx';
import { SowForm } from './forms/sow-form.tsx';
import { StageForm } from './forms/stage-form.tsx';
import { SurvivalForm } from './forms/survival-form.tsx';
import type { BatchAction } from './today-work.ts';
import { HISTORY_KEY, cullCauseText, impactLines, num, plants, tf } from './text.ts';
import './batch-records.css';

const ACTIONS: Record<BatchAction, [MessageKey, (props: FormProps) => preact.JSX.Element]> = {
  sow: ['actionSow', SowForm],
  stage: ['actionStage', StageForm],
  counts: ['actionCounts', CountsForm],
  cull: ['actionCull', CullForm],
  move: ['actionMove', MoveForm],
  graft: ['actionGraft', GraftForm],
  survival: ['actionSurvival', SurvivalForm],
  correction: ['actionCorrection', CorrectionForm],
};
const CLOSED = new Set<BatchStage>(['sold_out', 'culled', 'over_aged']);

/** The forms a batch offers in its stage: a planned one is sown; a closed one only corrected. */
function actionsFor(batch: BatchDetailResponse): BatchAction[] {
  if (batch.stage === 'planned') return ['sow'];
  if (CLOSED.has(batch.stage)) return ['correction'];
  const actions: BatchAction[] = ['stage', 'counts', 'cull', 'move'];
  if (!batch.rootstockBatchId) actions.push('graft');
  if (batch.grafted) actions.push('survival');
  actions.push('correction');
  return actions;
}

/** `/technician/batches/:id[/:action]`, the stage preset of a work item as `?stage=`. */
export function parseBatchPath(path: string): { id: string; action: BatchAction | null } | null {
  const match = /^\/technician\/batches\/([0-9a-f-]{36})(?:\/(\w+))?$/.exec(path);
  if (!match) return null;
  const action = match[2] && match[2] in ACTIONS ? (match[2] as BatchAction) : null;
  return { id: match[1], action };
}

export const batchPath = (id: string, action?: BatchAction | null, stage?: BatchStage) =>
  `/technician/batches/${id}${action ? `/${action}` : ''}${stage ? `?stage=${stage}` : ''}`;

export function BatchPage({ id, action }: { id: string; action: BatchAction | null }) {
  const nursery = useNursery();
  const [batch, setBatch] = useState<BatchDetailResponse | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState<{ what: string; lines: string[] } | null>(null);
  const preset = new URLSearchParams(location.search).get('stage') as BatchStage | null;

  useEffect(() => {
    setBatch(null);
    void request('GET /api/batches/:id', { params: { id } })
      .then(setBatch)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [id]);

  if (error) return <p class="error">{error}</p>;
  if (!batch) return <p class="muted">{t('loading')}</p>;
  const offered = actionsFor(batch);
  const chosen = action && offered.includes(action) ? action : null;
  const Form = chosen ? ACTIONS[chosen][1] : null;
  const shortOrders = new Set(batch.allocations.filter((a) => a.lineStatus === 'short').map((a) => a.orderId))
    .size;

  return (
    <div class="batch-records batch-page" data-testid={`batch-${batch.code}`} data-stage={batch.stage}>
      <section class="panel">
        <header class="batch-head">
          <h2>
            {batch.code} {cropName(batch.crop)} {batch.cultivar ?? ''}
          </h2>
          <span class="tag" data-testid="batch-stage">
            {stageText(batch.stage)}
          </span>
        </header>
        <BatchFacts batch={batch} zones={nursery.zones} />
        {shortOrders > 0 && (
          <p class="shortfall" data-testid="batch-short">
            {tf(shortOrders === 1 ? 'batchShortOne' : 'batchShort', { n: shortOrders })}
          </p>
        )}
      </section>
      {notice && (
        <section class="panel entry-notice" role="status" data-testid="entry-notice">
          <strong>{notice.what}</strong>
          {notice.lines.map((line) => (
            <p class={line === t('impactNone') ? 'muted' : 'shortfall'} data-testid="entry-impact">
              {line}
            </p>
          ))}
        </section>
      )}
      <nav class="batch-actions" aria-label={t('batches')}>
        {offered.map((a) => (
          <button
            type="button"
            data-testid={`action-${a}`}
            class={a === chosen ? 'active' : ''}
            onClick={() => {
              setNotice(null);
              navigate(batchPath(batch.id, a === chosen ? null : a), true);
            }}
          >
            {t(ACTIONS[a][0])}
          </button>
        ))}
      </nav>
      {Form && chosen && (
        <section class="panel">
          <h3>{t(ACTIONS[chosen][0])}</h3>
          <Form
            key={`${batch.id}-${chosen}`}
            batch={batch}
            zones={nursery.zones}
            batches={nursery.batches ?? []}
            stage={chosen === 'stage' ? (preset ?? undefined) : undefined}
            onDone={(entry) => {
              setBatch(entry.batch);
              setNotice({
                what: tf('recorded', { what: t(ACTIONS[chosen][0]) }),
                lines: impactLines(entry.impact),
              });
              navigate(batchPath(batch.id), true);
              nursery.reload();
            }}
          />
        </section>
      )}
      <BatchObservations batchId={batch.id} zones={nursery.zones} />
      {session.get()?.user.role === 'manager' && <PassportPanel batchId={batch.id} zones={nursery.zones} />}
      <History batch={batch} zones={nursery.zones} />
    </div>
  );
}

function BatchFacts({ batch, zones }: { batch: BatchDetailResponse; zones: readonly ZoneResponse[] }) {
  const places =
    batch.locations.length > 0
      ? batch.locations
      : [{ zone: batch.zone, benches: batch.benches, trays: batch.trays }];
  const counts: [MessageKey, number | null][] = [
    ['fieldEmerged', batch.emerged],
    ['fieldRefilled', batch.refilled || null],
    ['fieldCulled', batch.culled || null],
    ['fieldSaleable', batch.saleable],
  ];
  if (batch.grafted) counts.push(['fieldSurvived', batch.survived]);
  return (
    <dl class="facts">
      <div>
        <dt>{batch.stage === 'planned' ? t('sowingPlan') : t('sowDate')}</dt>
        <dd>{batch.sowDate}</dd>
      </div>
      <div>
        <dt>{t('moveTrays')}</dt>
        <dd>{tf('traysOfCells', { trays: num(batch.trays), cells: batch.cells })}</dd>
      </div>
      {batch.seedLot && (
        <div>
          <dt>{t('seedLot')}</dt>
          <dd>{batch.seedLot}</dd>
        </div>
      )}
      <div>
        <dt>{t('whereTrays')}</dt>
        <dd data-testid="batch-locations">
          {places.map((p) => (
            <span class="place">
              {zoneName(zones, p.zone)}
              {p.benches ? ` ${p.benches}` : ''} · {num(p.trays)} {t('trays')}
            </span>
          ))}
        </dd>
      </div>
      {batch.stays.length > 1 && (
        <div>
          <dt>{t('whereStood')}</dt>
          <dd data-testid="batch-stays">
            {batch.stays.map((s) => (
              <span class="place">
                {zoneName(zones, s.zone)}
                {s.benches ? ` ${s.benches}` : ''} · {num(s.trays)} {t('trays')} ·{' '}
                {s.from ? nurseryDate(Date.parse(s.from)) : '—'}–
                {s.until ? nurseryDate(Date.parse(s.until)) : t('stayNow')}
              </span>
            ))}
          </dd>
        </div>
      )}
      {counts
        .filter(([, value]) => value !== null)
        .map(([label, value]) => (
          <div>
            <dt>{t(label)}</dt>
            <dd data-testid={`count-${label}`}>{plants(value ?? 0)}</dd>
          </div>
        ))}
      <div>
        <dt>{t('forecastSaleable')}</dt>
        <dd>{plants(batch.forecastSaleable)}</dd>
      </div>
      <div>
        <dt>{t('ordered')}</dt>
        <dd>{plants(batch.allocated)}</dd>
      </div>
      <div>
        <dt>{t('available')}</dt>
        <dd>{plants(batch.free)}</dd>
      </div>
    </dl>
  );
}

/** 2027-03-10 14:05 in both languages, Beijing time. */
const dateTime = (at: string) => {
  const ms = toMs(at);
  return ms === null ? '—' : `${nurseryDate(ms)} ${formatTime(ms)}`;
};

const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** One line of what an entry recorded, in the page's language (free-text notes as typed). */
function historyDetail(entry: BatchHistoryEntry, zones: readonly ZoneResponse[]): string {
  const parts: string[] = [];
  const count = (key: MessageKey, value: unknown) => {
    if (typeof value === 'number') parts.push(`${t(key)} ${num(value)}`);
  };
  switch (entry.kind) {
    case 'sow':
    case 'created':
      if (typeof entry.trays === 'number') parts.push(`${num(entry.trays)} ${t('trays')}`);
      if (typeof entry.zone === 'string') parts.push(zoneName(zones, entry.zone));
      if (typeof entry.seedLot === 'string') parts.push(`${t('seedLot')} ${entry.seedLot}`);
      break;
    case 'stage':
      if (typeof entry.to === 'string') parts.push(`${stageText(str(entry.from))} → ${stageText(entry.to)}`);
      break;
    case 'count':
      count('fieldEmerged', entry.emerged);
      count('fieldRefilled', entry.refilled);
      count('fieldCulled', entry.culled);
      if (isCullCause(entry.cullReason)) parts.push(cullCauseText(entry.cullReason));
      count('fieldSaleable', entry.saleable);
      count('fieldSurvived', entry.survived);
      break;
    case 'move':
      parts.push(
        `${typeof entry.trays === 'number' ? `${num(entry.trays)} ${t('trays')} ` : ''}${zoneName(zones, str(entry.from))} → ${zoneName(zones, str(entry.to))}${entry.benches ? ` ${str(entry.benches)}` : ''}`,
      );
      break;
    case 'graft':
      count('graftCount', entry.count);
      parts.push(
        `${t('rootstockBatch')} ${str(entry.rootstockCode)}`,
        `${t('scionBatch')} ${str(entry.scionCode)}`,
      );
      break;
    case 'correction': {
      const field =
        `field${str(entry.field).charAt(0).toUpperCase()}${str(entry.field).slice(1)}` as MessageKey;
      parts.push(`${t(field)} ${str(entry.from) || '—'} → ${str(entry.to)}`);
      if (typeof entry.reason === 'string') parts.push(entry.reason);
      break;
    }
    case 'walk_in':
      if (typeof entry.quantity === 'number') parts.push(plants(entry.quantity));
      break;
  }
  if (typeof entry.note === 'string' && entry.note) parts.push(entry.note);
  return parts.join(' · ');
}

function History({ batch, zones }: { batch: BatchDetailResponse; zones: readonly ZoneResponse[] }) {
  const entries = [...batch.history].reverse().slice(0, 12);
  if (entries.length === 0) return null;
  return (
    <section class="panel">
      <h3>{t('batchHistory')}</h3>
      <ul class="history" data-testid="batch-history">
        {entries.map((entry) => (
          <li data-kind={entry.kind}>
            <div>
              <strong>{HISTORY_KEY[entry.kind] ? t(HISTORY_KEY[entry.kind]) : entry.kind}</strong>{' '}
              <span class="muted">
                {dateTime(entry.at)}
                {entry.by ? ' · ' : ''}
                {entry.by && <span class="data">{entry.by}</span>}
              </span>
            </div>
            <div>{historyDetail(entry, zones)}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}
