import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { TIME_ZONE, formatAxisTick, formatDateTime, formatMetric } from './format.ts';
import { locale, t } from './i18n.ts';
import type { Point } from './data.ts';

export interface Series {
  label: string;
  /** Metric key (libs/contracts), for the unit of the legend's values. */
  metric: string;
  color: string;
  points: Point[];
  /** 'y' (left, °C) or 'pct' (right, %). */
  scale: 'y' | 'pct';
}

interface Props {
  series: Series[];
  /** Target bands (°C) to shade: the house's common stage band, or each crop's when they disagree. */
  bands?: { lo: number; hi: number }[];
  height?: number;
  /** Changes whenever a series gained points, to redraw without rebuilding. */
  version: number;
  /** The time shown (epoch ms); by default the last 24 hours up to now. */
  window?: { from: number; to: number };
}

/** Aligns several series on one time axis (seconds), as uPlot wants. */
function align(series: Series[]): uPlot.AlignedData {
  const times = new Set<number>();
  for (const s of series) for (const p of s.points) times.add(Math.round(p.ts / 1000));
  const xs = [...times].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const columns = series.map((s) => {
    const column = new Array<number | null>(xs.length).fill(null);
    for (const p of s.points) column[index.get(Math.round(p.ts / 1000))!] = p.value;
    return column;
  });
  return [xs, ...columns] as uPlot.AlignedData;
}

/** The newest value of a column, for the legend when the cursor is not over the chart. */
function lastValue(column: ArrayLike<number | null | undefined>): number | null {
  for (let i = column.length - 1; i >= 0; i--) {
    const v = column[i];
    if (v !== null && v !== undefined) return v;
  }
  return null;
}

export function Chart({ series, bands = [], height = 180, version, window }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const bandRef = useRef(bands);
  bandRef.current = bands;
  const windowRef = useRef(window);
  windowRef.current = window;
  const language = locale.get();

  useEffect(() => {
    const el = host.current!;
    const options: uPlot.Options = {
      width: Math.max(280, el.clientWidth),
      height,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), TIME_ZONE),
      // Live legend: the values under the cursor, else the newest ones, each with its unit.
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      // The window asked for, or the last 24 hours, whatever has arrived so far (uPlot would
      // otherwise fit the axis to the points, or pad a few points to years).
      scales: {
        x: {
          time: true,
          range: () => {
            const shown = windowRef.current;
            return shown
              ? [shown.from / 1000, shown.to / 1000]
              : [Date.now() / 1000 - 86_400, Date.now() / 1000 + 60];
          },
        },
        // Keep the target band in view even when the house is far from it.
        y: {
          range: (_u, min, max) => {
            const lo = Math.min(min, ...bandRef.current.map((b) => b.lo));
            const hi = Math.max(max, ...bandRef.current.map((b) => b.hi));
            return [Math.floor(lo - 1), Math.ceil(hi + 1)];
          },
        },
        pct: { range: [0, 100] },
      },
      axes: [
        {
          stroke: '#555',
          grid: { stroke: '#eee' },
          // uPlot's defaults are US ("12pm", "11/28/26"); the nursery reads a 24-hour clock.
          values: (_u, ticks) => ticks.map(formatAxisTick),
        },
        {
          scale: 'y',
          size: 56,
          stroke: '#555',
          grid: { stroke: '#eee' },
          values: (_u, ticks) => ticks.map((v) => `${v}°C`),
        },
        {
          scale: 'pct',
          side: 1,
          stroke: '#555',
          grid: { show: false },
          values: (_u, ticks) => ticks.map((v) => `${v}%`),
        },
      ],
      series: [
        {
          label: t('time'),
          value: (u: uPlot, ts: number | null) => {
            const at = ts ?? lastValue(u.data[0]);
            return at === null ? '—' : formatDateTime(at * 1000);
          },
        },
        ...series.map((s, i) => ({
          label: s.label,
          value: (u: uPlot, v: number | null, _sidx: number, idx: number | null) =>
            formatMetric(s.metric, idx === null ? lastValue(u.data[i + 1] ?? []) : v),
          stroke: s.color,
          width: 1.5,
          scale: s.scale,
          spanGaps: true,
          points: { show: false },
        })),
      ],
      hooks: {
        drawClear: [
          (u) => {
            u.ctx.save();
            u.ctx.fillStyle = 'rgba(76, 175, 80, 0.15)';
            for (const b of bandRef.current) {
              const top = u.valToPos(b.hi, 'y', true);
              const bottom = u.valToPos(b.lo, 'y', true);
              u.ctx.fillRect(u.bbox.left, top, u.bbox.width, bottom - top);
            }
            u.ctx.restore();
          },
        ],
      },
    };
    plot.current = new uPlot(options, align(series), el);
    const resize = new ResizeObserver(() =>
      plot.current?.setSize({ width: Math.max(280, el.clientWidth), height }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // Built once per series set and language; data changes go through setData below.
  }, [series.map((s) => s.metric).join(','), height, language]);

  const bandKey = bands.map((b) => `${b.lo}-${b.hi}`).join(',');
  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    u.setData(align(series));
    // Without a cursor the legend shows the newest values: refresh them with the data.
    if (u.cursor.idx === null || u.cursor.idx === undefined) u.setLegend({ idx: null as unknown as number });
  }, [version, bandKey]);

  return <div class="chart" ref={host} />;
}
