// The HTML tooltip of the charts: the day under the pointer (or chosen with the arrow keys once the chart
// has focus), with its total and each series, in the page's own font, not an SVG <title>.
import { Fragment, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { formatDay } from '../../lib/format';
import type { ChartLayout } from './chart-frame';

export interface TooltipLine {
  label: string;
  value: string;
  /** palette index of the swatch, when the line is one series */
  color?: number;
  /** said under the line (what its value leaves out) */
  note?: string;
}

export function useHoverDay(layout: ChartLayout, dayCount: number) {
  const [index, setIndex] = useState<number | null>(null);
  const at = (clientX: number, box: DOMRect): number | null => {
    const i = Math.floor((clientX - box.left - layout.left) / layout.slot);
    return i >= 0 && i < dayCount ? i : null;
  };
  const handlers = {
    onMouseMove: (e: MouseEvent<HTMLDivElement>) => setIndex(at(e.clientX, e.currentTarget.getBoundingClientRect())),
    onMouseLeave: () => setIndex(null),
    onFocus: () => setIndex((i) => i ?? dayCount - 1),
    onBlur: () => setIndex(null),
    onKeyDown: (e: KeyboardEvent<HTMLDivElement>) => {
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      e.preventDefault();
      // from the day shown (a day read before the range shrank is shown as the chart's last), not the one stored
      setIndex((i) => Math.min(dayCount - 1, Math.max(0, Math.min(i ?? dayCount - 1, dayCount - 1) + (e.key === 'ArrowLeft' ? -1 : 1))));
    },
  };
  // a day read before the range changed (7 days focused, then Today): the nearest day the chart still has, never
  // one past its end (read as $0.00 for every series)
  return { index: index === null || dayCount === 0 ? null : Math.min(index, dayCount - 1), handlers };
}

export function ChartTooltip({ layout, index, day, lines }: { layout: ChartLayout; index: number; day: string; lines: TooltipLine[] }): ReactNode {
  // kept inside the chart: past the middle it opens to the left of the day
  const x = layout.xCenter(index);
  const left = x > layout.width / 2;
  return (
    <div className="chart-tooltip" role="tooltip" style={left ? { right: layout.width - x + 8 } : { left: x + 8 }} data-testid="chart-tooltip">
      <strong>{formatDay(day)}</strong>
      {lines.map((l) => (
        <Fragment key={l.label}>
          <div className="chart-tooltip-line">
            {l.color !== undefined && <span className={`legend-swatch swatch-${l.color % 8}`} aria-hidden="true" />}
            <span>{l.label}</span>
            <span className="chart-tooltip-value">{l.value}</span>
          </div>
          {l.note && <div className="chart-tooltip-note unpriced-note">{l.note}</div>}
        </Fragment>
      ))}
    </div>
  );
}
