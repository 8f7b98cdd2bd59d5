// Usage: what was spent, where, and what it would have cost otherwise. Every figure comes from the same
// usage rows: the cards, the charts, the by-day table and the breakdowns add up to each other.
import { useEffect, useState } from 'react';
import { AsyncView } from '../../components/async-view';
import { toast } from '../../components/toast';
import { downloadText } from '../../lib/download';
import { formatInt, formatPercent, formatSpend, unpricedNote } from '../../lib/format';
import { AlertsPanel, BalancesPanel } from './balances-alerts';
import { CapsPanel } from './caps-panel';
import { RangePicker } from './range-picker';
import { UsageCharts } from './usage-charts';
import { logCoverageNote } from './log-coverage-note';
import { describeRange, rangeFileTag } from './usage-range';
import { useUsageStore } from './usage-store';
import { ByDayTable, UsageTables } from './usage-tables';
import { WhatIfPanel } from './what-if-panel';

export function UsageTab() {
  const { range, summary, retentionDays, modelIds, setRange, load, loadSide, exportCsv } = useUsageStore();
  const [exporting, setExporting] = useState(false);

  useEffect(() => {
    void load();
    void loadSide();
  }, [load, loadSide]);

  const onExport = async () => {
    setExporting(true);
    const r = await exportCsv();
    setExporting(false);
    if (!r.ok) return toast.bad(`Export failed: ${r.error.message}`);
    downloadText(r.value.csv, `switchboard-usage-${rangeFileTag(range)}.csv`);
    if (r.value.note) toast.bad(r.value.note);
  };

  const s = summary.data;
  const coverage = s && logCoverageNote(s, retentionDays);
  return (
    <section aria-labelledby="usage-title">
      <div className="section-head">
        <div>
          <h1 id="usage-title">Usage</h1>
          <p className="muted">
            Every profile, by UTC day. Costs are each token class the provider reported at the model&apos;s catalog price, or the
            provider&apos;s own figure where it reports one (OpenRouter). Requests on a model with an unknown price are counted as
            unpriced, never as $0.
          </p>
        </div>
        <div className="button-row">
          <RangePicker range={range} onChange={(r) => void setRange(r)} />
          <button type="button" className="btn btn-small" onClick={() => void Promise.all([load(), loadSide()])} aria-label="Refresh usage">
            Refresh
          </button>
          <button type="button" className="btn btn-small" onClick={() => void onExport()} disabled={exporting}>
            {exporting ? 'Exporting…' : 'Export CSV'}
          </button>
        </div>
      </div>
      <AsyncView loading={summary.loading} error={summary.error} hasData={s !== null} onRetry={() => void load()}>
        {s && (
          <>
            <div className="stat-cards" data-testid="usage-totals">
              <Stat label="Requests" value={formatInt(s.total_requests)} testId="total-requests" />
              <Stat
                label="Errors"
                value={formatInt(s.total_errors)}
                sub={s.total_requests > 0 ? `${formatPercent(s.total_errors / s.total_requests)} of requests` : undefined}
                testId="total-errors"
              />
              <Stat label="Tokens in / out" value={`${formatInt(s.total_input_tokens)} / ${formatInt(s.total_output_tokens)}`} />
              <Stat label="Cost" value={formatSpend(s.total_cost_usd, s.total_requests, s.unpriced_requests)} testId="total-cost" note={unpricedNote(s.unpriced_requests)} />
            </div>
            {coverage && (
              <p className="muted" data-testid="log-coverage-note">
                {coverage}
              </p>
            )}
            {s.total_requests === 0 && (
              <div className="empty-state">
                No requests {describeRange(range)}. Point a tool at the proxy (see the BYOK tab) and they show up here.
              </div>
            )}
            <UsageCharts summary={s} />
            <ByDayTable summary={s} />
            <UsageTables summary={s} />
          </>
        )}
      </AsyncView>
      <div className="side-grid">
        {/* anew for each range: its days start from the range's, and a result asked of another range goes */}
        <WhatIfPanel key={JSON.stringify(range)} modelIds={modelIds} />
        <CapsPanel />
        <BalancesPanel />
        <AlertsPanel />
      </div>
    </section>
  );
}

function Stat({ label, value, sub, testId, note }: { label: string; value: string; sub?: string | undefined; testId?: string; note?: string }) {
  return (
    <div className="card stat-card">
      <span className="stat-label">{label}</span>
      <strong className="stat-value" data-testid={testId}>
        {value}
      </strong>
      {sub && <span className="stat-sub">{sub}</span>}
      {note && <span className="unpriced-note" data-testid={testId && `${testId}-unpriced`}>{note}</span>}
    </div>
  );
}
