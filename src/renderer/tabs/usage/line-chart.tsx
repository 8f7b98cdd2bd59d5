// A line per day with points; days without data break the line rather than dropping to zero.
import { ChartFrame, chartLayout, useMeasuredWidth } from './chart-frame';
import { niceAxis } from './chart-data';
import { formatDay } from '../../lib/format';

interface LineChartProps {
  label: string;
  days: string[];
  values: (number | null)[];
  formatValue: (n: number) => string;
  color?: number;
}

export function LineChart({ label, days, values, formatValue, color = 3 }: LineChartProps) {
  const [ref, width] = useMeasuredWidth();
  const axis = niceAxis(Math.max(0, ...values.map((v) => v ?? 0)));
  const layout = chartLayout(width, days.length, axis, formatValue);

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

  return (
    <figure className="chart-figure">
      <div ref={ref} className="chart-box">
        <ChartFrame label={label} days={days} layout={layout}>
          {segments.map((d, i) => (
            <path key={i} className={`chart-line stroke-${color}`} d={d} />
          ))}
          {values.map((v, i) =>
            v === null ? null : (
              <circle key={days[i]} className={`chart-point series-${color}`} cx={layout.xCenter(i)} cy={layout.y(v)} r={3}>
                <title>{`${formatDay(days[i] ?? '')}: ${formatValue(v)}`}</title>
              </circle>
            ),
          )}
        </ChartFrame>
      </div>
    </figure>
  );
}
