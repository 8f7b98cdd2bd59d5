// Activity: every request, newest first, like OpenRouter's activity page; a row opens its attempts.
import { useEffect, useState, type FormEvent } from 'react';
import { AsyncView } from '../../components/async-view';
import { ActivityRow } from './activity-row';
import { BodyCapturePanel } from './body-capture-panel';
import { useActivityStore, type ActivityFilters } from './activity-store';

export function ActivityTab() {
  const { filters, requests, nextBefore, loading, error, users, setFilters, load, loadMore } = useActivityStore();
  const [text, setText] = useState({ model: filters.model, client: filters.client });

  useEffect(() => {
    void load();
  }, [load]);

  const applyText = (e: FormEvent) => {
    e.preventDefault();
    void setFilters(text);
  };

  return (
    <section aria-labelledby="activity-title">
      <div className="section-head">
        <div>
          <h1 id="activity-title">Activity</h1>
          <p className="muted">Every request through the proxy, newest first. Open one to see each attempt.</p>
        </div>
        <button type="button" className="btn btn-small" onClick={() => void load()} aria-label="Refresh activity">
          Refresh
        </button>
      </div>
      <BodyCapturePanel />
      <form className="toolbar" role="search" aria-label="Filter requests" onSubmit={applyText}>
        <span className="inline-label">
          <label htmlFor="activity-status">Status</label>
          <select id="activity-status" value={filters.status} onChange={(e) => void setFilters({ status: e.target.value as ActivityFilters['status'] })}>
            <option value="">All</option>
            <option value="success">Succeeded</option>
            <option value="error">Failed</option>
          </select>
        </span>
        <span className="inline-label">
          <label htmlFor="activity-profile">Profile</label>
          <select id="activity-profile" value={filters.user_id} onChange={(e) => void setFilters({ user_id: e.target.value })}>
            <option value="">All</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </span>
        <span className="inline-label">
          <label htmlFor="activity-model">Model</label>
          <input id="activity-model" value={text.model} placeholder="provider/model or auto" onChange={(e) => setText({ ...text, model: e.target.value })} />
        </span>
        <span className="inline-label">
          <label htmlFor="activity-client">Client</label>
          <input id="activity-client" value={text.client} placeholder="e.g. claude-cli" onChange={(e) => setText({ ...text, client: e.target.value })} />
        </span>
        <button type="submit" className="btn btn-small">
          Filter
        </button>
      </form>
      <AsyncView
        loading={loading}
        error={error}
        hasData={requests !== null}
        empty={requests?.length === 0}
        emptyText="No requests match. Point a tool at the proxy (BYOK tab) and they show up here."
        onRetry={() => void load()}
      >
        <div className="table-wrap card">
          <table className="table table-activity" data-testid="activity-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Profile</th>
                <th scope="col">Client</th>
                <th scope="col">Model</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">Tokens in → out</th>
                <th scope="col" className="num">Cost</th>
                <th scope="col" className="num">Latency</th>
              </tr>
            </thead>
            <tbody>
              {(requests ?? []).map((r) => (
                <ActivityRow key={r.request_id} r={r} />
              ))}
            </tbody>
          </table>
        </div>
        {nextBefore && (
          <button type="button" className="btn load-more" disabled={loading} onClick={() => void loadMore()}>
            {loading ? 'Loading…' : 'Load older requests'}
          </button>
        )}
      </AsyncView>
    </section>
  );
}
