import { type MouseEvent, useId, useRef } from 'react';
import {
  calibrationPath,
  ecgGeometry,
  GRID_ROWS,
  intervalMs,
  MM_PER_SECOND,
  RHYTHM_LEAD,
  ratePerMinute,
  SEGMENT_SECONDS,
  secondsOfX,
  STRIP_SECONDS,
  tracePoints,
  xOfSeconds,
} from './ecg-layout';
import { useT } from '../i18n';

export interface Calipers {
  /** Times (s from the start of the shown 10 s) of the two caliper lines. */
  a: number | null;
  b: number | null;
}

const GEOMETRY = ecgGeometry();
const PAPER = { minor: '#f5bfcb', major: '#e07f97', trace: '#111', caliper: '#1266c2' };

/**
 * 12 leads on standard ECG paper (1 mm minor, 5 mm major squares; the SVG's unit is the mm):
 * 3×4 at 2.5 s each and a 10 s lead II rhythm strip, with a 1 mV calibration pulse on every
 * row. A click reports where it fell in seconds, for the calipers.
 */
export function EcgChart(props: {
  leads: Record<string, number[]>;
  fs: number;
  label: string;
  calipers: Calipers;
  onPick: (seconds: number) => void;
}) {
  const g = GEOMETRY;
  const t = useT();
  const svg = useRef<SVGSVGElement>(null);
  const gridId = `ecg-grid-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;

  const pick = (e: MouseEvent<SVGSVGElement>) => {
    const matrix = svg.current?.getScreenCTM();
    if (!matrix) return;
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(matrix.inverse());
    const seconds = secondsOfX(g, p.x);
    if (seconds >= 0 && seconds <= STRIP_SECONDS) props.onPick(seconds);
  };

  const { a, b } = props.calipers;
  const measured = a !== null && b !== null ? intervalMs(xOfSeconds(g, a), xOfSeconds(g, b)) : null;
  const rate = measured !== null ? ratePerMinute(measured) : null;

  return (
    <svg
      ref={svg}
      role="img"
      aria-label={props.label}
      data-testid="ecg-svg"
      viewBox={`0 0 ${g.width} ${g.height}`}
      width="100%"
      style={{ display: 'block', cursor: 'crosshair', background: '#fff' }}
      onClick={pick}
    >
      <defs>
        <pattern id={`${gridId}-minor`} width={1} height={1} patternUnits="userSpaceOnUse">
          <path d="M1 0 V1 M0 1 H1" stroke={PAPER.minor} strokeWidth={0.08} fill="none" />
        </pattern>
        <pattern id={gridId} width={5} height={5} patternUnits="userSpaceOnUse">
          <rect width={5} height={5} fill={`url(#${gridId}-minor)`} />
          <path d="M5 0 V5 M0 5 H5" stroke={PAPER.major} strokeWidth={0.2} fill="none" />
        </pattern>
      </defs>
      <rect width={g.width} height={g.height} fill={`url(#${gridId})`} />
      <rect width={g.width} height={g.height} fill="none" stroke={PAPER.major} strokeWidth={0.4} />
      {g.baselines.map((baseline) => (
        <path
          key={`cal-${baseline}`}
          d={calibrationPath(g, baseline)}
          stroke={PAPER.trace}
          strokeWidth={0.25}
          fill="none"
        />
      ))}
      {GRID_ROWS.map((row, r) =>
        row.map((lead, c) => (
          <g key={lead} data-lead={lead}>
            <text x={xOfSeconds(g, c * SEGMENT_SECONDS) + 1} y={g.baselines[r] - 12} fontSize={3.2}>
              {lead}
            </text>
            {c > 0 && (
              <path
                d={`M${xOfSeconds(g, c * SEGMENT_SECONDS)} ${g.baselines[r] - 3} v6`}
                stroke={PAPER.trace}
                strokeWidth={0.25}
              />
            )}
            <polyline
              points={tracePoints(
                g,
                props.leads[lead] ?? [],
                props.fs,
                c * SEGMENT_SECONDS,
                (c + 1) * SEGMENT_SECONDS,
                g.baselines[r],
              )}
              fill="none"
              stroke={PAPER.trace}
              strokeWidth={0.25}
              strokeLinejoin="round"
            />
          </g>
        )),
      )}
      <g data-lead={RHYTHM_LEAD} data-rhythm="true">
        <text x={g.traceX0 + 1} y={g.baselines[3] - 12} fontSize={3.2}>
          {RHYTHM_LEAD}
          {t('rhythm')}
        </text>
        <polyline
          points={tracePoints(
            g,
            props.leads[RHYTHM_LEAD] ?? [],
            props.fs,
            0,
            STRIP_SECONDS,
            g.baselines[3],
          )}
          fill="none"
          stroke={PAPER.trace}
          strokeWidth={0.25}
          strokeLinejoin="round"
        />
      </g>
      <text x={g.width - 3} y={g.height - 1.5} fontSize={2.8} textAnchor="end">
        {MM_PER_SECOND} mm/s · 10 mm/mV
      </text>
      <g data-testid="calipers" pointerEvents="none">
        {[a, b].map((t, i) =>
          t === null ? null : (
            <g key={i}>
              <line
                x1={xOfSeconds(g, t)}
                x2={xOfSeconds(g, t)}
                y1={2}
                y2={g.height - 2}
                stroke={PAPER.caliper}
                strokeWidth={0.3}
                strokeDasharray="1.5 0.8"
              />
              <text
                x={xOfSeconds(g, t) + 0.6}
                y={g.height - 2.5}
                fontSize={2.8}
                fill={PAPER.caliper}
              >
                {i === 0 ? 'A' : 'B'}
              </text>
            </g>
          ),
        )}
        {a !== null && b !== null && measured !== null && (
          <g>
            <line
              x1={xOfSeconds(g, a)}
              x2={xOfSeconds(g, b)}
              y1={4}
              y2={4}
              stroke={PAPER.caliper}
              strokeWidth={0.4}
            />
            <text
              x={(xOfSeconds(g, a) + xOfSeconds(g, b)) / 2}
              y={3}
              fontSize={3}
              textAnchor="middle"
              fill={PAPER.caliper}
            >
              {Math.round(measured)} ms{rate ? t('perMin', { n: Math.round(rate) }) : ''}
            </text>
          </g>
        )}
      </g>
    </svg>
  );
}
