// "What would the last N days have cost at another power level, or on one model?"
import { useEffect, useState, type FormEvent } from 'react';
import { POWER_LEVELS, type PowerLevel } from '../../../shared/types';
import { ErrorBox } from '../../components/async-view';
import { formatUsd } from '../../lib/format';
import { useUsageStore } from './usage-store';
import { whatIfSummary } from './what-if-summary';

export function WhatIfPanel({ modelIds }: { modelIds: string[] }) {
  const { whatIf, runWhatIf, resetWhatIf, range } = useUsageStore();
  // the last N days the range above shows (Today is 1), so its Actual is the Cost card's; 30 beside another range.
  // The tab mounts the panel anew for each range (its key), so this starts from the range shown.
  const [days, setDays] = useState(() => String(range.kind === 'days' ? range.days : 30));
  const [mode, setMode] = useState<'power' | 'model'>('power');
  const [power, setPower] = useState<PowerLevel>('eco');
  const [model, setModel] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  // the form starts afresh each time the tab opens: a result kept would sit beside a form that did not ask it
  useEffect(() => () => resetWhatIf(), [resetWhatIf]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = Number(days);
    if (!Number.isInteger(n) || n < 1 || n > 366) return setInvalid('Days between 1 and 366');
    if (mode === 'model' && model.trim() === '') return setInvalid('Choose a model');
    setInvalid(null);
    void runWhatIf(mode === 'power' ? { days: n, power_level: power } : { days: n, model: model.trim() });
  };

  const r = whatIf.result;
  const delta = r ? r.hypothetical_cost_usd - r.actual_cost_usd : 0;
  return (
    <section className="card card-pad" aria-labelledby="whatif-title">
      <h2 id="whatif-title">What if…</h2>
      <form className="whatif-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="whatif-days">{range.kind === 'days' ? 'Days' : 'Last days (not the range above)'}</label>
          <input id="whatif-days" type="number" min="1" max="366" value={days} onChange={(e) => setDays(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="whatif-mode">Scenario</label>
          <select id="whatif-mode" value={mode} onChange={(e) => setMode(e.target.value as 'power' | 'model')}>
            <option value="power">Another power level</option>
            <option value="model">Everything on one model</option>
          </select>
        </div>
        {mode === 'power' ? (
          <div className="field">
            <label htmlFor="whatif-power">Power level</label>
            <select id="whatif-power" value={power} onChange={(e) => setPower(e.target.value as PowerLevel)}>
              {POWER_LEVELS.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <div className="field">
            <label htmlFor="whatif-model">Model</label>
            <select id="whatif-model" value={model} onChange={(e) => setModel(e.target.value)}>
              <option value="">Choose…</option>
              {modelIds.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="submit" className="btn btn-primary" disabled={whatIf.pending}>
          {whatIf.pending ? 'Computing…' : 'Compare'}
        </button>
      </form>
      {invalid && <div className="field-error">{invalid}</div>}
      {whatIf.error && <ErrorBox message={whatIf.error} />}
      {r && (
        <div className="whatif-result" data-testid="whatif-result">
          <div>
            <span className="muted">Actual</span>
            <strong>{formatUsd(r.actual_cost_usd)}</strong>
          </div>
          <div>
            <span className="muted">{r.scenario}</span>
            <strong>{formatUsd(r.hypothetical_cost_usd)}</strong>
          </div>
          <div>
            <span className="muted">Difference</span>
            <strong className={delta > 0 ? 'text-bad' : delta < 0 ? 'text-ok' : undefined}>
              {delta > 0 ? '+' : ''}
              {formatUsd(delta)}
            </strong>
          </div>
          <p className="muted span-all">{whatIfSummary(r)}</p>
        </div>
      )}
    </section>
  );
}
