// Breakdown tables (by provider, model, profile) with error counts and rates, and the by-day table with totals.
import type { UsageBreakdown, UsageSummary } from '../../../shared/types';
import { refusalReasonLabel } from '../../lib/error-kinds';
import { formatCompact, formatDay, formatInt, formatPercent, formatSpend, unpricedNote } from '../../lib/format';

/** How the API names traffic that reached no model. */
export const NO_TARGET = '(none)';

function Errors({ b }: { b: UsageBreakdown }) {
  if (b.errors === 0) return <span className="muted">0</span>;
  return (
    <span className="text-bad">
      {formatInt(b.errors)} <span className="cell-sub">({formatPercent(b.errors / Math.max(1, b.requests))})</span>
    </span>
  );
}

/** Spend as everywhere else: 'unknown' when no request was priced, else the priced part and "+ N unpriced". */
function CostCell({ cost, requests, unpriced }: { cost: number | null; requests: number; unpriced: number }) {
  return (
    <td className="num nowrap">
      {formatSpend(cost, requests, unpriced)}
      {unpriced > 0 && <div className="unpriced-note">{unpricedNote(unpriced)}</div>}
    </td>
  );
}

interface BreakdownProps {
  title: string;
  keyLabel: string;
  rows: (UsageBreakdown & { key: string })[];
  refused: UsageSummary['refused'];
  className?: string;
}

function Breakdown({ title, keyLabel, rows, refused, className }: BreakdownProps) {
  const sorted = [...rows].sort((a, b) => (b.cost_usd ?? 0) - (a.cost_usd ?? 0) || b.requests - a.requests);
  return (
    <section className={`card card-pad ${className ?? ''}`} aria-label={title}>
      <h2>{title}</h2>
      {sorted.length === 0 ? (
        <div className="empty-state small">No requests in this range.</div>
      ) : (
        <div className="table-wrap">
          <table className="table table-compact table-breakdown">
            <thead>
              <tr>
                <th scope="col">{keyLabel}</th>
                <th scope="col" className="num">Requests</th>
                <th scope="col" className="num">Errors</th>
                <th scope="col" className="num">In</th>
                <th scope="col" className="num">Out</th>
                <th scope="col" className="num">Cost</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((r) => (
                <tr key={r.key}>
                  <td className="cell-key">
                    {r.key === NO_TARGET ? (
                      <>
                        <span className="muted">refused before routing</span>
                        {refused.length > 0 && <div className="cell-sub">{refused.map((x) => `${refusalReasonLabel(x.reason)} ×${x.requests}`).join(', ')}</div>}
                      </>
                    ) : (
                      <code>{r.key}</code>
                    )}
                  </td>
                  <td className="num">{formatInt(r.requests)}</td>
                  <td className="num nowrap">
                    <Errors b={r} />
                  </td>
                  <td className="num" title={formatInt(r.input_tokens)}>{formatCompact(r.input_tokens)}</td>
                  <td className="num" title={formatInt(r.output_tokens)}>{formatCompact(r.output_tokens)}</td>
                  <CostCell cost={r.cost_usd} requests={r.requests} unpriced={r.unpriced_requests} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function UsageTables({ summary }: { summary: UsageSummary }) {
  return (
    <div className="table-grid">
      <Breakdown title="By provider" keyLabel="Provider" refused={summary.refused} rows={summary.by_provider.map((r) => ({ ...r, key: r.provider }))} />
      <Breakdown title="By profile" keyLabel="Profile" refused={[]} rows={summary.by_user.map((r) => ({ ...r, key: r.user_id }))} />
      <Breakdown title="By model" keyLabel="Model" refused={summary.refused} className="span-all" rows={summary.by_model.map((r) => ({ ...r, key: r.model }))} />
    </div>
  );
}

/** One row per day of the range, newest first, and the totals, which equal the cards above. */
export function ByDayTable({ summary }: { summary: UsageSummary }) {
  const days = [...summary.by_day].reverse();
  return (
    <section className="card card-pad" aria-labelledby="by-day-title">
      <h2 id="by-day-title">By day</h2>
      <div className="table-wrap">
        <table className="table table-compact" data-testid="by-day-table">
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              <th scope="col" className="num">Requests</th>
              <th scope="col" className="num">Errors</th>
              <th scope="col" className="num">Tokens in</th>
              <th scope="col" className="num">Tokens out</th>
              <th scope="col" className="num">Cost</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <td className="nowrap">
                  {formatDay(d.day)} <span className="cell-sub">{d.day.slice(0, 4)}</span>
                </td>
                <td className="num">{formatInt(d.requests)}</td>
                <td className="num nowrap">
                  <Errors b={d} />
                </td>
                <td className="num">{formatInt(d.input_tokens)}</td>
                <td className="num">{formatInt(d.output_tokens)}</td>
                <CostCell cost={d.cost_usd} requests={d.requests} unpriced={d.unpriced_requests} />
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-testid="by-day-total">
              <th scope="row">Total</th>
              <td className="num">{formatInt(summary.total_requests)}</td>
              <td className="num nowrap">
                <Errors b={summary} />
              </td>
              <td className="num">{formatInt(summary.total_input_tokens)}</td>
              <td className="num">{formatInt(summary.total_output_tokens)}</td>
              <CostCell cost={summary.total_cost_usd} requests={summary.total_requests} unpriced={summary.unpriced_requests} />
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
