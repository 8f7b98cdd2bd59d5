// Usage: what was spent, where, and what it would have cost otherwise.
import { useEffect, useState } from 'react';
import { AsyncView } from '../../components/async-view';
import { toast } from '../../components/toast';
import { formatInt, formatUsd, unpricedNote } from '../../lib/format';
import { AlertsPanel, BalancesPanel } from './balances-alerts';
import { downloadText } from './csv-download';
import { UsageCharts } from './usage-charts';
import { RANGES, useUsageStore } from './usage-store';
import { UsageTables } from './usage-tables';
import { WhatIfPanel } from './what-if-panel';

export function UsageTab() {
  const { days, summary, modelIds, setDays, load, loadSide, exportCsv } = useUsageStore();
  const [exporting, setExporting] = useState(false);

  useEffect(() => {
    void load();
    void loadSide();
  }, [load, loadSide]);

  const onExport = async () => {
    setExporting(true);
    const r = await exportCsv();
    setExporting(false);
    if (r.ok) downloadText(r.value, `switchboard-usage-${days}d.csv`);
    else toast.bad(`Export failed: ${r.error.message}`);
  };

  const s = summary.data;
  return (
    <section aria-labelledby="usage-title">
      <div className="section-head">
        <div>
          <h1 id="usage-title">Usage</h1>
          <p className="muted">
            Costs are each token class the provider reported at the model&apos;s catalog price, or the provider&apos;s own figure where
            it reports one (OpenRouter). Requests on a model with an unknown price are counted as unpriced, never as $0.
          </p>
        </div>
        <div className="button-row">
          <div className="range-buttons" role="group" aria-label="Range">
            {RANGES.map((r) => (
              <button key={r} type="button" className={r === days ? 'btn btn-small btn-on' : 'btn btn-small'} aria-pressed={r === days} onClick={() => void setDays(r)}>
                {r === 1 ? '1 day' : `${r} days`}
              </button>
            ))}
          </div>
          <button type="button" className="btn btn-small" onClick={() => void load()} aria-label="Refresh usage">
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
              <Stat label="Tokens in" value={formatInt(s.total_input_tokens)} />
              <Stat label="Tokens out" value={formatInt(s.total_output_tokens)} />
              <Stat label="Cost" value={formatUsd(s.total_cost_usd)} testId="total-cost" note={unpricedNote(s.unpriced_requests)} />
            </div>
            {s.total_requests === 0 && (
              <div className="empty-state">
                No requests in the last {days === 1 ? 'day' : `${days} days`}. Point a tool at the proxy (see the BYOK tab) and they
                show up here.
              </div>
            )}
            <UsageCharts summary={s} />
            <UsageTables summary={s} />
          </>
        )}
      </AsyncView>
      <div className="side-grid">
        <WhatIfPanel modelIds={modelIds} />
        <BalancesPanel />
        <AlertsPanel />
      </div>
    </section>
  );
}

function Stat({ label, value, testId, note }: { label: string; value: string; testId?: string; note?: string }) {
  return (
    <div className="card stat-card">
      <span className="stat-label">{label}</span>
      <strong className="stat-value" data-testid={testId}>
        {value}
      </strong>
      {note && <span className="unpriced-note" data-testid={testId && `${testId}-unpriced`}>{note}</span>}
    </div>
  );
}
