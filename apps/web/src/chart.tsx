import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { TIME_ZONE } from './format.ts';
import type { Point } from './data.ts';

export interface Series {
  label: string;
  color: string;
  points: Point[];
  /** 'y' (left, °C) or 'pct' (right, %). */
  scale: 'y' | 'pct';
}

interface Props {
  series: Series[];
  band?: { lo: number; hi: number } | null;
  height?: number;
  /** Changes whenever a series gained points, to redraw without rebuilding. */
  version: number;
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

export function Chart({ series, band, height = 180, version }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const bandRef = useRef(band);
  bandRef.current = band;

  useEffect(() => {
    const el = host.current!;
    const options: uPlot.Options = {
      width: Math.max(280, el.clientWidth),
      height,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), TIME_ZONE),
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      // The last 24 hours, whatever has arrived so far (uPlot would otherwise pad a few points to years).
      scales: {
        x: { time: true, range: () => [Date.now() / 1000 - 86_400, Date.now() / 1000 + 60] },
        // Keep the target band in view even when the house is far from it.
        y: {
          range: (_u, min, max) => {
            const b = bandRef.current;
            const lo = Math.min(min, b ? b.lo : min);
            const hi = Math.max(max, b ? b.hi : max);
            return [Math.floor(lo - 1), Math.ceil(hi + 1)];
          },
        },
        pct: { range: [0, 100] },
      },
      axes: [
        { stroke: '#555', grid: { stroke: '#eee' } },
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
        {},
        ...series.map((s) => ({
          label: s.label,
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
            const b = bandRef.current;
            if (!b) return;
            const top = u.valToPos(b.hi, 'y', true);
            const bottom = u.valToPos(b.lo, 'y', true);
            u.ctx.save();
            u.ctx.fillStyle = 'rgba(76, 175, 80, 0.15)';
            u.ctx.fillRect(u.bbox.left, top, u.bbox.width, bottom - top);
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
    // Built once per series set; data changes go through setData below.
  }, [series.length, height]);

  useEffect(() => {
    plot.current?.setData(align(series));
  }, [version, band?.lo, band?.hi]);

  return <div class="chart" ref={host} />;
}
