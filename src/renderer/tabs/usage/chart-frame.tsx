// Layout, axes and gridlines shared by the hand-drawn SVG charts. The SVG is drawn at the
// container's real pixel width so labels keep their size on any window.
import { useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { formatDay } from '../../lib/format';
import type { Axis } from './chart-data';

const HEIGHT = 200;
const PAD = { right: 8, top: 10, bottom: 24 } as const;
/** average glyph width of the 11.5px axis font, to size the left margin to the labels */
const CHAR_PX = 6.8;

export interface ChartLayout {
  width: number;
  height: number;
  left: number;
  plotWidth: number;
  plotHeight: number;
  /** horizontal space per day */
  slot: number;
  ticks: { value: number; label: string }[];
  y(value: number): number;
  xCenter(index: number): number;
}

/** `formatValue` gets the axis step with each tick, so every label of an axis can carry the decimals the step needs. */
export function chartLayout(width: number, dayCount: number, axis: Axis, formatValue: (n: number, step?: number) => string): ChartLayout {
  const ticks: { value: number; label: string }[] = [];
  for (let v = 0; v <= axis.max + axis.step / 1e6; v += axis.step) ticks.push({ value: v, label: formatValue(v, axis.step) });
  const left = Math.ceil(Math.max(...ticks.map((t) => t.label.length)) * CHAR_PX + 12);
  const plotWidth = Math.max(10, width - left - PAD.right);
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(1, dayCount);
  return {
    width,
    height: HEIGHT,
    left,
    plotWidth,
    plotHeight,
    slot,
    ticks,
    y: (v) => PAD.top + plotHeight - (v / axis.max) * plotHeight,
    xCenter: (i) => left + slot * (i + 0.5),
  };
}

/** The width of an element, kept current as the window resizes. */
export function useMeasuredWidth(fallback = 560): [RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement | null>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(Math.round(el.getBoundingClientRect().width) || fallback);
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.round(entry.contentRect.width) || fallback);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [fallback]);
  return [ref, width];
}

interface ChartFrameProps {
  label: string;
  days: string[];
  layout: ChartLayout;
  children: ReactNode;
}

export function ChartFrame({ label, days, layout, children }: ChartFrameProps) {
  // about one date label per 64px, always including the last day
  const every = Math.max(1, Math.ceil(days.length / Math.max(1, Math.floor(layout.plotWidth / 64))));
  return (
    <svg className="chart" width={layout.width} height={layout.height} viewBox={`0 0 ${layout.width} ${layout.height}`} role="img" aria-label={label}>
      {layout.ticks.map((t) => {
        const y = layout.y(t.value);
        return (
          <g key={t.label}>
            <line className="chart-gridline" x1={layout.left} x2={layout.width - PAD.right} y1={y} y2={y} />
            <text className="chart-label" x={layout.left - 6} y={y + 4} textAnchor="end">
              {t.label}
            </text>
          </g>
        );
      })}
      {days.map((d, i) =>
        (days.length - 1 - i) % every === 0 ? (
          <text key={d} className="chart-label" x={layout.xCenter(i)} y={layout.height - 6} textAnchor="middle">
            {formatDay(d)}
          </text>
        ) : null,
      )}
      {children}
    </svg>
  );
}
