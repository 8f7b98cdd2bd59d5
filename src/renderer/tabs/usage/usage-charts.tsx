// The four per-day charts of the Usage tab.
import { useMemo, type ReactNode } from 'react';
import type { UsageSummary } from '../../../shared/types';
import { formatCompact, formatInt } from '../../lib/format';
import { BarChart } from './bar-chart';
import { axisUsd, chartDays, costByProvider, perDay, spendText, zeroFill } from './chart-data';
import { LineChart } from './line-chart';
import { NO_TARGET } from './usage-tables';

const axisMs = (n: number) => (n >= 1000 ? `${Number((n / 1000).toFixed(1))} s` : `${Number(n.toPrecision(3))} ms`);

export function UsageCharts({ summary }: { summary: UsageSummary }) {
  const data = useMemo(() => {
    const days = chartDays(summary);
    return {
      days,
      // traffic that reached no provider cost nothing: it has no place in the cost stack
      cost: costByProvider(days, summary.by_day_provider.filter((r) => r.provider !== NO_TARGET)),
      tokens: [
        { name: 'input', values: zeroFill(perDay(days, summary.by_day, (d) => d.input_tokens)) },
        { name: 'output', values: zeroFill(perDay(days, summary.by_day, (d) => d.output_tokens)) },
      ],
      requests: [{ name: 'requests', values: zeroFill(perDay(days, summary.by_day, (d) => d.requests)) }],
      latency: perDay(days, summary.by_day, (d) => d.avg_latency_ms),
    };
  }, [summary]);

  return (
    <div className="chart-grid" data-testid="usage-charts">
      <ChartCard title="Cost per day, by provider">
        <BarChart label="Cost per day stacked by provider" days={data.days} series={data.cost} formatValue={axisUsd} tooltipText={spendText} withTotal />
      </ChartCard>
      <ChartCard title="Tokens per day">
        <BarChart label="Input and output tokens per day" days={data.days} series={data.tokens} formatValue={formatCompact} formatTooltip={formatInt} integer withTotal colorOffset={4} />
      </ChartCard>
      <ChartCard title="Requests per day">
        <BarChart label="Requests per day" days={data.days} series={data.requests} formatValue={formatCompact} formatTooltip={formatInt} integer colorOffset={2} />
      </ChartCard>
      <ChartCard title="Average latency per day">
        <LineChart label="Average latency per day" days={data.days} values={data.latency} formatValue={axisMs} valueLabel="Average latency" color={3} />
      </ChartCard>
    </div>
  );
}

function ChartCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card card-pad chart-card">
      <h2>{title}</h2>
      {children}
    </section>
  );
}
