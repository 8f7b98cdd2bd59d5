// A line per day with points; days without data break the line rather than dropping to zero.
import { ChartFrame, chartLayout, useMeasuredWidth } from './chart-frame';
import { niceAxis } from './chart-data';
import { ChartTooltip, useHoverDay } from './chart-hover';

interface LineChartProps {
  label: string;
  days: string[];
  values: (number | null)[];
  formatValue: (n: number) => string;
  /** the tooltip's name for a value */
  valueLabel: string;
  color?: number;
}

export function LineChart({ label, days, values, formatValue, valueLabel, color = 3 }: LineChartProps) {
  const [ref, width] = useMeasuredWidth();
  const axis = niceAxis(Math.max(0, ...values.map((v) => v ?? 0)));
  const layout = chartLayout(width, days.length, axis, formatValue);
  const { index, handlers } = useHoverDay(layout, days.length);

  const segments: string[] = [];
  let current: string[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (current.length) segments.push(current.join(' '));
      current = [];
      return;
    }
    current.push(`${current.length ? 'L' : 'M'}${layout.xCenter(i).toFixed(1)},${layout.y(v).toFixed(1)}`);
  });
  if (current.length) segments.push(current.join(' '));

  const hovered = index === null ? null : values[index];
  return (
    <figure className="chart-figure">
      <div ref={ref} className="chart-box" tabIndex={0} aria-label={`${label}: use the arrow keys to read each day`} {...handlers}>
        <ChartFrame label={label} days={days} layout={layout}>
          {index !== null && <rect className="chart-hover" x={layout.xCenter(index) - layout.slot / 2} y={0} width={layout.slot} height={layout.height - 24} />}
          {segments.map((d, i) => (
            <path key={i} className={`chart-line stroke-${color}`} d={d} />
          ))}
          {values.map((v, i) => (v === null ? null : <circle key={days[i]} className={`chart-point series-${color}`} cx={layout.xCenter(i)} cy={layout.y(v)} r={3} />))}
        </ChartFrame>
        {index !== null && (
          <ChartTooltip layout={layout} index={index} day={days[index] ?? ''} lines={[{ label: valueLabel, value: hovered === null || hovered === undefined ? 'no requests' : formatValue(hovered) }]} />
        )}
      </div>
    </figure>
  );
}
