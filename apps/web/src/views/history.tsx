import { useEffect, useState } from 'preact/hooks';
import type { ZoneResponse } from '#contracts';
import { downloadAuthenticated, request } from '../api.ts';
import { Chart, type Series } from '../chart.tsx';
import { readPoints } from '../data.ts';
import { formatDateTime, metricName, nurseryDate } from '../format.ts';
import { locale, localName, t, type MessageKey } from '../i18n.ts';
import { errorMessage } from '../messages.ts';
import { useSignal } from '../state.ts';

const DAY_MS = 86_400_000;
/** What the history can draw: °C on the left axis, % on the right (the chart has those two). */
const METRIC_CHOICES = [
  { metric: 'air_temp_c', color: '#d84315', scale: 'y' },
  { metric: 'air_rh_pct', color: '#1e88e5', scale: 'pct' },
  { metric: 'substrate_vwc_pct', color: '#2e7d32', scale: 'pct' },
  { metric: 'bench_temp_c', color: '#8e24aa', scale: 'y' },
  { metric: 'substrate_temp_c', color: '#6d4c41', scale: 'y' },
  { metric: 'dew_point_c', color: '#00838f', scale: 'y' },
] as const;
type ChoiceMetric = (typeof METRIC_CHOICES)[number]['metric'];

const PRESETS: [MessageKey, number][] = [
  ['histDay', 1],
  ['histWeek', 7],
  ['histMonth', 30],
  ['histSeason', 120],
];
/** The shortest range zooming in goes to: below an hour the raw points are all there is. */
const MIN_SPAN_MS = 3_600_000;

interface Range {
  from: number;
  to: number;
}

const label = (metric: string) => (metric === 'dew_point_c' ? t('histDewPoint') : metricName(metric));
/** A nursery date (YYYY-MM-DD) as the instant its day starts in Beijing. */
const dayStart = (date: string) => Date.parse(`${date}T00:00:00+08:00`);

/**
 * 历史: any metrics of a house over any range (a day, a week, a month, a season or chosen dates),
 * zoomed and moved with buttons (a finger cannot drag a selection precisely on a phone), and the
 * same range downloaded as CSV in nursery time with headers in the page's language.
 */
export function HistoryView() {
  useSignal(locale);
  const [zones, setZones] = useState<ZoneResponse[]>([]);
  const [zone, setZone] = useState('');
  const [chosen, setChosen] = useState<ChoiceMetric[]>(['air_temp_c', 'air_rh_pct']);
  const [range, setRange] = useState<Range>(() => ({ from: Date.now() - DAY_MS, to: Date.now() }));
  const [series, setSeries] = useState<Series[] | null>(null);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState('');

  useEffect(() => {
    request('GET /api/zones')
      .then((list) => {
        const houses = list.filter((z) => z.kind === 'greenhouse' || z.kind === 'germination');
        setZones(houses);
        setZone((current) => current || houses[0]?.code || '');
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);

  useEffect(() => {
    if (!zone || chosen.length === 0) return;
    let stale = false;
    setSeries(null);
    setError('');
    const from = new Date(range.from).toISOString();
    const to = new Date(range.to).toISOString();
    Promise.all(
      METRIC_CHOICES.filter((choice) => chosen.includes(choice.metric)).map(async (choice) => ({
        label: label(choice.metric),
        metric: choice.metric,
        color: choice.color,
        scale: choice.scale,
        points: readPoints(
          await request('GET /api/readings', {
            query: { zone, metric: choice.metric, from, to, step: 'auto' },
          }),
        ),
      })),
    )
      .then((loaded) => {
        if (stale) return;
        setSeries(loaded);
        setVersion((v) => v + 1);
      })
      .catch((e: unknown) => !stale && setError(errorMessage(e)));
    return () => {
      stale = true;
    };
  }, [zone, chosen.join(','), range.from, range.to]);

  const span = range.to - range.from;
  const now = Date.now();
  const zoom = (factor: number) => {
    const middle = (range.from + range.to) / 2;
    const half = Math.max(MIN_SPAN_MS, span * factor) / 2;
    const to = Math.min(now, middle + half);
    setRange({ from: to - 2 * half, to });
  };
  const move = (direction: -1 | 1) => {
    const to = Math.min(now, range.to + (direction * span) / 2);
    setRange({ from: to - span, to });
  };
  const download = () =>
    void downloadAuthenticated(
      `${zone}-${nurseryDate(range.from)}-${nurseryDate(range.to)}.csv`,
      'GET /api/readings/export',
      {
        query: {
          zone,
          metrics: chosen.join(','),
          from: new Date(range.from).toISOString(),
          to: new Date(range.to).toISOString(),
          lang: locale.get() === 'en' ? 'en' : 'zh',
        },
      },
    ).catch((e: unknown) => setError(errorMessage(e)));
  const empty = series !== null && series.every((s) => s.points.length === 0);

  return (
    <section class="panel history" data-testid="history">
      <h2>{t('historyTab')}</h2>
      <div class="history-controls">
        <label>
          {t('histHouse')}
          <select name="zone" value={zone} onChange={(e) => setZone(e.currentTarget.value)}>
            {zones.map((z) => (
              <option value={z.code}>{localName(z)}</option>
            ))}
          </select>
        </label>
        <fieldset class="history-metrics">
          <legend>{t('histMetrics')}</legend>
          {METRIC_CHOICES.map(({ metric }) => (
            <label class="check">
              <input
                type="checkbox"
                name={metric}
                checked={chosen.includes(metric)}
                onChange={(e) =>
                  setChosen((list) =>
                    e.currentTarget.checked ? [...list, metric] : list.filter((m) => m !== metric),
                  )
                }
              />
              {label(metric)}
            </label>
          ))}
        </fieldset>
        <div class="history-presets" role="group" aria-label={t('histRange')}>
          {PRESETS.map(([key, days]) => (
            <button
              data-testid={`range-${days}`}
              class={Math.abs(span - days * DAY_MS) < 60_000 && now - range.to < 60_000 ? 'active' : ''}
              onClick={() => setRange({ from: Date.now() - days * DAY_MS, to: Date.now() })}
            >
              {t(key)}
            </button>
          ))}
        </div>
        <div class="history-dates">
          <label>
            {t('histFrom')}
            <input
              type="date"
              name="from"
              value={nurseryDate(range.from)}
              onChange={(e) => {
                const from = dayStart(e.currentTarget.value);
                if (Number.isFinite(from) && from < range.to) setRange({ ...range, from });
              }}
            />
          </label>
          <label>
            {t('histTo')}
            <input
              type="date"
              name="to"
              value={nurseryDate(range.to - 1)}
              onChange={(e) => {
                const to = Math.min(Date.now(), dayStart(e.currentTarget.value) + DAY_MS);
                if (Number.isFinite(to) && to > range.from) setRange({ ...range, to });
              }}
            />
          </label>
        </div>
      </div>
      <p class="muted" data-testid="history-range">
        {formatDateTime(range.from)} – {formatDateTime(range.to)}
      </p>
      <div class="history-zoom">
        <button onClick={() => move(-1)}>{t('histEarlier')}</button>
        <button onClick={() => zoom(0.5)} disabled={span <= MIN_SPAN_MS}>
          {t('histZoomIn')}
        </button>
        <button onClick={() => zoom(2)}>{t('histZoomOut')}</button>
        <button onClick={() => move(1)} disabled={now - range.to < 60_000}>
          {t('histLater')}
        </button>
      </div>
      {chosen.length === 0 && <p class="muted">{t('histChoose')}</p>}
      {chosen.length > 0 && series === null && !error && <p class="muted">{t('loading')}</p>}
      {empty && <p class="muted">{t('histEmpty')}</p>}
      {series !== null && !empty && <Chart series={series} version={version} height={240} window={range} />}
      <button
        class="primary"
        data-testid="history-csv"
        disabled={!zone || chosen.length === 0}
        onClick={download}
      >
        {t('histCsv')}
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
