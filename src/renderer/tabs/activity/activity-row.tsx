// One request in the activity table; opened, it shows every attempt, what was dropped, and captured bodies.
import type { ActivityEntry } from '../../../shared/activity-types';
import { Badge } from '../../components/badge';
import { CopyButton } from '../../components/copy-button';
import { formatDateTime, formatInt, formatMs, formatUsd } from '../../lib/format';
import { clientName } from './client-name';
import { costBasisLines, costText } from './cost-basis';
import { errorKindLabel } from '../../lib/error-kinds';
import { attemptBadge, statusBadge } from './status-badge';
import { useActivityStore } from './activity-store';

const COLUMNS = 8;

function AttemptBadge({ errorKind }: { errorKind: string | null }) {
  const { tone, text, title } = attemptBadge(errorKind);
  return <Badge tone={tone} title={title}>{text}</Badge>;
}

function StatusBadge({ r }: { r: ActivityEntry }) {
  const { tone, text, title } = statusBadge(r);
  return <Badge tone={tone} title={title}>{text}</Badge>;
}

export function ActivityRow({ r }: { r: ActivityEntry }) {
  const { expanded, toggle } = useActivityStore();
  const open = expanded === r.request_id;
  const detailId = `activity-detail-${r.request_id}`;
  return (
    <>
      <tr className={open ? 'row-selected' : undefined} data-request-id={r.request_id}>
        <td className="nowrap">
          <button type="button" className="link-button" aria-expanded={open} aria-controls={detailId} onClick={() => toggle(r.request_id)}>
            <span aria-hidden="true">{open ? '▾ ' : '▸ '}</span>
            {formatDateTime(r.started_at)}
          </button>
        </td>
        <td>{r.user_id}</td>
        <td title={r.client ?? undefined}>{clientName(r.client)}</td>
        <td className="cell-model">
          {r.model_id ? <code>{r.model_id}</code> : <span className="muted">refused before routing</span>}
          {r.requested_model !== r.model_id && <div className="cell-sub">asked for {r.requested_model || '—'}</div>}
        </td>
        <td>
          <StatusBadge r={r} />
          {r.attempts.length > 1 && <div className="cell-sub">{r.attempts.length} attempts</div>}
        </td>
        <td className="num nowrap">
          {formatInt(r.input_tokens)} → {formatInt(r.output_tokens)}
        </td>
        <td className="num nowrap">{costText(r)}</td>
        <td className="num nowrap">
          {formatMs(r.latency_ms)}
          {r.ttfb_ms !== null && <div className="cell-sub">first byte {formatMs(r.ttfb_ms)}</div>}
        </td>
      </tr>
      {open && (
        <tr className="result-row" id={detailId}>
          <td colSpan={COLUMNS}>
            <RequestDetailView r={r} />
          </td>
        </tr>
      )}
    </>
  );
}

function RequestDetailView({ r }: { r: ActivityEntry }) {
  return (
    <div className="request-detail" data-testid="request-detail">
      <div className="detail-meta">
        <span>
          Request <code>{r.request_id}</code>
        </span>
        <CopyButton text={r.request_id} label="Copy id" />
        <span className="muted">
          {r.inbound_api} · {r.endpoint}
          {r.stream ? ' · streamed' : ''}
        </span>
        {r.client && <span className="muted">{r.client}</span>}
      </div>
      {r.attempts.length === 0 ? (
        <p>
          Refused before routing: <strong>{r.error_kind === null ? 'unknown reason' : errorKindLabel(r.error_kind)}</strong>
          {r.error_kind !== null && <> (<code>{r.error_kind}</code>)</>}. No provider was called.
        </p>
      ) : (
        <table className="table table-compact" aria-label="Attempts">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Model</th>
              <th scope="col">Result</th>
              <th scope="col" className="num">Latency</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            {r.attempts.map((a, i) => (
              <tr key={i}>
                <td>{i + 1}</td>
                <td>
                  <code>{a.model}</code>
                </td>
                <td>
                  <AttemptBadge errorKind={a.error_kind} />
                  {a.status !== null && a.error_kind !== null && <span className="cell-sub">HTTP {a.status}</span>}
                  {a.billed && (
                    <span className="cell-sub">
                      billed {formatUsd(a.billed.cost_usd)} ({formatInt(a.billed.input_tokens)} in, {formatInt(a.billed.output_tokens)} out)
                    </span>
                  )}
                </td>
                <td className="num">{formatMs(a.latency_ms)}</td>
                <td className="cell-message">{a.message ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CostBasis r={r} />
      {r.dropped.length > 0 && (
        <p>
          Not carried across formats: <code>{r.dropped.join(', ')}</code>
        </p>
      )}
      {r.has_bodies && <Bodies requestId={r.request_id} />}
    </div>
  );
}

function CostBasis({ r }: { r: ActivityEntry }) {
  const lines = costBasisLines(r);
  if (lines.length === 0) return null;
  return (
    <div data-testid="cost-basis">
      <span>Cost {costText(r)}:</span>
      <ul className="cost-basis">
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}

function Bodies({ requestId }: { requestId: string }) {
  const detail = useActivityStore((s) => s.details[requestId]);
  const loadDetail = useActivityStore((s) => s.loadDetail);
  if (!detail) {
    return (
      <button type="button" className="btn btn-small" onClick={() => void loadDetail(requestId)}>
        Show request and response bodies
      </button>
    );
  }
  if ('error' in detail) return <div className="error-box">{detail.error}</div>;
  return (
    <div className="bodies">
      {([['Request body', detail.request_body], ['Response body', detail.response_body]] as const).map(([title, body]) => (
        <section key={title} aria-label={title}>
          <h2 className="subheading">{title}</h2>
          {body === null ? <p className="muted">Not captured.</p> : <pre className="code-block body-text">{body}</pre>}
        </section>
      ))}
    </div>
  );
}
