// Stacked bars per day, drawn by hand as SVG (no chart library), with an HTML tooltip per day.
import { ChartFrame, chartLayout, useMeasuredWidth } from './chart-frame';
import { dayFigure, niceAxis, stackedMax, type DayFigure, type Series, type TooltipText } from './chart-data';
import { ChartTooltip, useHoverDay } from './chart-hover';

interface BarChartProps {
  label: string;
  days: string[];
  series: Series[];
  /** axis labels; `step` is the axis step */
  formatValue: (n: number, step?: number) => string;
  /** how a value reads in the tooltip (default: formatValue) */
  formatTooltip?: (n: number) => string;
  /** how a day's figure reads in the tooltip, with a note under it (money: spendText); overrides formatTooltip */
  tooltipText?: (f: DayFigure) => TooltipText;
  /** whole-number axis (counts) */
  integer?: boolean;
  /** the tooltip leads with the day's stacked total */
  withTotal?: boolean;
  /** index offset into the palette so charts can share colours */
  colorOffset?: number;
}

export function BarChart({ label, days, series, formatValue, formatTooltip = formatValue, tooltipText, integer, withTotal, colorOffset = 0 }: BarChartProps) {
  const [ref, width] = useMeasuredWidth();
  const axis = niceAxis(stackedMax(series), integer);
  const layout = chartLayout(width, days.length, axis, formatValue);
  const barWidth = Math.max(2, Math.min(36, layout.slot * 0.7));
  const { index, handlers } = useHoverDay(layout, days.length);
  const text = (of: readonly Series[], i: number): TooltipText => {
    const figure = dayFigure(of, i);
    return tooltipText ? tooltipText(figure) : { value: formatTooltip(figure.value) };
  };
  return (
    <figure className="chart-figure">
      <div ref={ref} className="chart-box" tabIndex={0} aria-label={`${label}: use the arrow keys to read each day`} {...handlers}>
        <ChartFrame label={label} days={days} layout={layout}>
          {index !== null && <rect className="chart-hover" x={layout.xCenter(index) - layout.slot / 2} y={0} width={layout.slot} height={layout.height - 24} />}
          {days.map((day, i) => {
            let base = 0;
            const x = layout.xCenter(i) - barWidth / 2;
            return (
              <g key={day}>
                {series.map((s, k) => {
                  const v = s.values[i] ?? 0;
                  if (v <= 0) return null;
                  const y0 = layout.y(base);
                  base += v;
                  const y1 = layout.y(base);
                  return <rect key={s.name} className={`series-${(k + colorOffset) % 8}`} x={x} y={y1} width={barWidth} height={Math.max(0.5, y0 - y1)} rx={1.5} />;
                })}
              </g>
            );
          })}
        </ChartFrame>
        {index !== null && (
          <ChartTooltip
            layout={layout}
            index={index}
            day={days[index] ?? ''}
            lines={[
              ...(withTotal ? [{ label: 'Total', ...text(series, index) }] : []),
              ...series.map((s, k) => ({ label: s.name, ...text([s], index), color: k + colorOffset })),
            ]}
          />
        )}
      </div>
      {series.length > 1 && <Legend names={series.map((s) => s.name)} colorOffset={colorOffset} />}
    </figure>
  );
}

export function Legend({ names, colorOffset = 0 }: { names: string[]; colorOffset?: number }) {
  return (
    <figcaption className="legend">
      {names.map((n, k) => (
        <span key={n} className="legend-item">
          <span className={`legend-swatch swatch-${(k + colorOffset) % 8}`} aria-hidden="true" />
          {n}
        </span>
      ))}
    </figcaption>
  );
}
