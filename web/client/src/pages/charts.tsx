import { label } from '../types.js';

/** Interactions per week as SVG bars, with the numbers in a table for screen readers. */
export function WeeklyChart({ weeks }: { weeks: Array<{ week_start: string; count: number }> }) {
  const max = Math.max(1, ...weeks.map((w) => w.count));
  const W = 320, H = 120, gap = 6, barW = (W - gap * (weeks.length - 1)) / Math.max(1, weeks.length);
  return (
    <figure className="chart">
      <figcaption>Interactions per week</figcaption>
      <svg viewBox={`0 0 ${W} ${H + 18}`} role="img" aria-label={`Interactions per week: ${weeks.map((w) => `${w.week_start}: ${w.count}`).join(', ')}`}>
        {weeks.map((w, i) => {
          const h = (w.count / max) * (H - 14);
          const x = i * (barW + gap);
          return (
            <g key={w.week_start}>
              <rect x={x} y={H - h} width={barW} height={Math.max(h, 1)} rx="3" className="bar" />
              {w.count > 0 && <text x={x + barW / 2} y={H - h - 3} textAnchor="middle" className="bar-label">{w.count}</text>}
              <text x={x + barW / 2} y={H + 14} textAnchor="middle" className="axis">{w.week_start.slice(5)}</text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** The active stages as a funnel of horizontal bars. */
export function StageFunnel({ stages }: { stages: Array<{ status: string; count: number }> }) {
  const active = stages.filter((s) => !['rejected', 'withdrawn'].includes(s.status));
  const max = Math.max(1, ...active.map((s) => s.count));
  const W = 320, row = 22;
  return (
    <figure className="chart">
      <figcaption>Pipeline funnel</figcaption>
      <svg viewBox={`0 0 ${W} ${active.length * row}`} role="img" aria-label={`Pipeline: ${active.map((s) => `${label(s.status)} ${s.count}`).join(', ')}`}>
        {active.map((s, i) => {
          const w = Math.max(2, (s.count / max) * (W - 110));
          return (
            <g key={s.status} transform={`translate(0 ${i * row})`}>
              <text x="0" y="15" className="axis">{label(s.status)}</text>
              <rect x={100 + (W - 110 - w) / 2} y="3" width={w} height={row - 6} rx="3" className="bar funnel" />
              <text x={W - 4} y="15" textAnchor="end" className="bar-label">{s.count}</text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
