// Provider balances (where the provider publishes one) and the alerts list.
import { Badge } from '../../components/badge';
import { ErrorBox, LoadingState } from '../../components/async-view';
import { formatDateTime, formatUsd } from '../../lib/format';
import { useUsageStore } from './usage-store';

export function BalancesPanel() {
  const { data, loading, error } = useUsageStore((s) => s.balances);
  return (
    <section className="card card-pad" aria-labelledby="balances-title">
      <h2 id="balances-title">Provider balances</h2>
      {error && <ErrorBox message={error} />}
      {loading && !data && <LoadingState />}
      {data && data.length === 0 && <div className="empty-state small">No provider reports a balance.</div>}
      {data && data.length > 0 && (
        <ul className="plain-list">
          {data.map((b) => (
            <li key={b.provider_id}>
              <code>{b.provider_id}</code>
              {b.ok ? <strong>{formatUsd(b.balance_usd)}</strong> : <span className="muted">{b.message}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function AlertsPanel() {
  const { data, loading, error } = useUsageStore((s) => s.alerts);
  return (
    <section className="card card-pad" aria-labelledby="alerts-title">
      <h2 id="alerts-title">Alerts</h2>
      {error && <ErrorBox message={error} />}
      {loading && !data && <LoadingState />}
      {data && data.length === 0 && <div className="empty-state small">No alerts. All quiet.</div>}
      {data && data.length > 0 && (
        <ul className="plain-list alerts">
          {data.map((a) => (
            <li key={a.id}>
              <Badge tone={a.severity === 'critical' ? 'bad' : 'warn'}>{a.severity}</Badge>
              <span>{a.message}</span>
              <span className="muted small">{formatDateTime(a.created_at)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
