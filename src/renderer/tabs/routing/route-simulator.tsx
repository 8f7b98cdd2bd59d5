// Asks the router what it would do with a request, without sending anything upstream.
import { useState, type FormEvent } from 'react';
import { ErrorBox } from '../../components/async-view';
import { Badge } from '../../components/badge';
import { formatUsd } from '../../lib/format';
import { buildSimulatorRequest, simulatorProfiles } from './simulator-request';
import { useRoutingStore } from './routing-store';

export function RouteSimulator() {
  const { users, preview, simulate } = useRoutingStore();
  const [prompt, setPrompt] = useState('Summarise the plot of Hamlet in three sentences.');
  const [model, setModel] = useState('auto');
  const [userId, setUserId] = useState('');
  const [flags, setFlags] = useState({ needsTools: false, hasImage: false, jsonMode: false });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void simulate(buildSimulatorRequest({ prompt, model, ...flags }), userId);
  };
  const flag = (key: keyof typeof flags, label: string) => (
    <label className="checkbox">
      <input type="checkbox" checked={flags[key]} onChange={(e) => setFlags({ ...flags, [key]: e.target.checked })} />
      {label}
    </label>
  );

  return (
    <section className="card card-pad" aria-labelledby="simulator-title">
      <h2 id="simulator-title">Route simulator</h2>
      <p className="muted">Shows the order the proxy would try models in. Nothing is sent to a provider.</p>
      <form className="simulator-form" onSubmit={submit}>
        <label htmlFor="sim-prompt">Prompt</label>
        <textarea id="sim-prompt" rows={4} value={prompt} onChange={(e) => setPrompt(e.target.value)} />
        <div className="checkbox-row">
          {flag('needsTools', 'Needs tools')}
          {flag('hasImage', 'Has image')}
          {flag('jsonMode', 'JSON mode')}
        </div>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="sim-model">Model name</label>
            <input id="sim-model" value={model} onChange={(e) => setModel(e.target.value)} placeholder="auto" />
          </div>
          <div className="field">
            <label htmlFor="sim-profile">Profile</label>
            <select id="sim-profile" value={userId} onChange={(e) => setUserId(e.target.value)}>
              {simulatorProfiles(users).map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <button type="submit" className="btn btn-primary" disabled={preview.pending}>
          {preview.pending ? 'Simulating…' : 'Simulate'}
        </button>
      </form>
      {preview.error && <ErrorBox message={preview.error.message} />}
      {preview.result && <PreviewResult />}
    </section>
  );
}

function PreviewResult() {
  const result = useRoutingStore((s) => s.preview.result);
  if (!result) return null;
  return (
    <div className="preview" data-testid="route-preview">
      <div className="preview-meta">
        <Badge tone="info">Power level: {result.power_level}</Badge>
        <Badge tone="neutral">Strategy: {result.strategy}</Badge>
        <span className="muted">~{result.estimated_input_tokens} input tokens</span>
      </div>
      {result.notes.length > 0 && (
        <ul className="notes">
          {result.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
      <h3>Candidates</h3>
      {result.candidates.length === 0 ? (
        <div className="error-box">No model can serve this request.</div>
      ) : (
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Model</th>
              <th scope="col" className="num">Score</th>
              <th scope="col" className="num">Est. cost</th>
            </tr>
          </thead>
          <tbody>
            {result.candidates.map((c, i) => (
              <tr key={c.model}>
                <td>{i + 1}</td>
                <td>
                  <code>{c.model}</code>
                </td>
                <td className="num">{c.score.toFixed(3)}</td>
                <td className="num">{c.estimated_cost_usd === null ? 'price unknown' : formatUsd(c.estimated_cost_usd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result.excluded.length > 0 && (
        <details className="excluded">
          <summary>{result.excluded.length} excluded</summary>
          <ul>
            {result.excluded.map((x) => (
              <li key={x.model}>
                <code>{x.model}</code> <span className="muted">{x.reason}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
