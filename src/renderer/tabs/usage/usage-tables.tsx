// Breakdown tables: by provider, by model, by profile.
import type { UsageBreakdown, UsageSummary } from '../../../shared/types';
import { formatCompact, formatInt, formatUsd, unpricedNote } from '../../lib/format';

interface BreakdownProps {
  title: string;
  keyLabel: string;
  rows: (UsageBreakdown & { key: string })[];
}

function Breakdown({ title, keyLabel, rows }: BreakdownProps) {
  const sorted = [...rows].sort((a, b) => b.cost_usd - a.cost_usd || b.requests - a.requests);
  return (
    <section className="card card-pad">
      <h3>{title}</h3>
      {sorted.length === 0 ? (
        <div className="empty-state small">No requests in this range.</div>
      ) : (
        <div className="table-wrap">
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col">{keyLabel}</th>
                <th scope="col" className="num">Requests</th>
                <th scope="col" className="num">In</th>
                <th scope="col" className="num">Out</th>
                <th scope="col" className="num">Cost</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((r) => (
                <tr key={r.key}>
                  <td className="cell-key">
                    <code title={r.key}>{r.key}</code>
                  </td>
                  <td className="num">{formatInt(r.requests)}</td>
                  <td className="num" title={formatInt(r.input_tokens)}>{formatCompact(r.input_tokens)}</td>
                  <td className="num" title={formatInt(r.output_tokens)}>{formatCompact(r.output_tokens)}</td>
                  <td className="num">
                    {r.unpriced_requests === r.requests && r.requests > 0 ? 'unknown' : formatUsd(r.cost_usd)}
                    {r.unpriced_requests > 0 && <div className="unpriced-note">{unpricedNote(r.unpriced_requests)}</div>}
                  </td>
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
      <Breakdown title="By provider" keyLabel="Provider" rows={summary.by_provider.map((r) => ({ ...r, key: r.provider }))} />
      <Breakdown title="By model" keyLabel="Model" rows={summary.by_model.map((r) => ({ ...r, key: r.model }))} />
      <Breakdown title="By profile" keyLabel="Profile" rows={summary.by_user.map((r) => ({ ...r, key: r.user_id }))} />
    </div>
  );
}
