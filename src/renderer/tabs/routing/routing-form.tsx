// Power level, strategy, weights and limits. Errors appear next to the field they name.
import { POWER_LEVELS, STRATEGIES, type PowerLevel, type Strategy } from '../../../shared/types';
import { Field } from '../../components/field';
import { errorFor, type DraftError, type RoutingDraft } from './routing-draft';

const POWER_HELP: Record<PowerLevel, string> = {
  eco: 'Cheapest models that can do the job',
  balanced: 'Good quality at a fair price',
  precision: 'Best models, cost matters least',
};
const STRATEGY_LABEL: Record<Strategy, string> = {
  cost: 'Lowest cost',
  latency: 'Lowest latency',
  balanced: 'Balanced',
  custom: 'Custom weights',
};

interface RoutingFormProps {
  draft: RoutingDraft;
  errors: readonly DraftError[];
  edit: (update: (d: RoutingDraft) => RoutingDraft) => void;
}

export function RoutingForm({ draft, errors, edit }: RoutingFormProps) {
  const text = (key: 'max_retries' | 'retries_per_model' | 'timeout_ms' | 'cooldown_failures' | 'cooldown_ms' | 'budget_step_down_pct', label: string, hint: string, errField: string = key) => (
    <Field label={label} error={errorFor(errors, errField)} hint={hint}>
      {(id, d) => (
        <input
          id={id}
          aria-describedby={d}
          aria-invalid={errorFor(errors, errField) !== null}
          type="number"
          value={draft[key]}
          onChange={(e) => {
            const v = e.target.value;
            edit((x) => ({ ...x, [key]: v }));
          }}
        />
      )}
    </Field>
  );

  const toggle = (key: 'claude_code_model_names' | 'gemini_cli_model_names', label: string, hint: string) => (
    <Field label={label} error={errorFor(errors, key)} hint={hint}>
      {(id, d) => (
        <input
          id={id}
          aria-describedby={d}
          type="checkbox"
          checked={draft[key]}
          onChange={(e) => {
            const on = e.target.checked;
            edit((x) => ({ ...x, [key]: on }));
          }}
        />
      )}
    </Field>
  );

  return (
    <div className="card card-pad">
      <fieldset className="power-levels" aria-describedby="power-level-help">
        <legend>Power level of the Default profile</legend>
        <p id="power-level-help" className="muted small">
          What <code>auto</code> means for the Default profile: the same setting as the tray menu. Other profiles keep their own
          (BYOK tab); new profiles start with this one.
        </p>
        <div className="segmented">
          {POWER_LEVELS.map((p) => (
            <label key={p} className={draft.power_level === p ? 'segment segment-on' : 'segment'}>
              <input
                type="radio"
                name="power_level"
                value={p}
                checked={draft.power_level === p}
                onChange={() => edit((x) => ({ ...x, power_level: p }))}
              />
              <span className="segment-title">{p}</span>
              <span className="segment-help">{POWER_HELP[p]}</span>
            </label>
          ))}
        </div>
        {errorFor(errors, 'power_level') && <div className="field-error">{errorFor(errors, 'power_level')}</div>}
      </fieldset>
      <div className="form-grid">
        <Field label="Strategy" error={errorFor(errors, 'strategy')} hint="How candidates are ranked within the power level.">
          {(id, d) => (
            <select id={id} aria-describedby={d} value={draft.strategy} onChange={(e) => {
              const v = e.target.value as Strategy;
              edit((x) => ({ ...x, strategy: v }));
            }}>
              {STRATEGIES.map((s) => (
                <option key={s} value={s}>
                  {STRATEGY_LABEL[s]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {text('max_retries', 'Max retries', 'Other candidates tried after a failure.')}
        {text('retries_per_model', 'Retries per model', 'Tries of the same model again after a 429, 5xx or connect error, before the next.')}
        {draft.strategy === 'custom' && (
          <fieldset className="span-2 weights">
            <legend>Weights</legend>
            {(['cost', 'latency', 'quality'] as const).map((w) => (
              <Field key={w} label={w} error={errorFor(errors, `weights.${w}`)}>
                {(id, d) => (
                  <input
                    id={id}
                    aria-describedby={d}
                    type="number"
                    min="0"
                    step="0.05"
                    value={draft.weights[w]}
                    onChange={(e) => {
                      const v = e.target.value;
                      edit((x) => ({ ...x, weights: { ...x.weights, [w]: v } }));
                    }}
                  />
                )}
              </Field>
            ))}
            {errors.filter((e) => e.field === 'weights').map((e) => (
              <div key={e.message} className="field-error span-3">
                {e.message}
              </div>
            ))}
          </fieldset>
        )}
        {text('timeout_ms', 'Timeout (ms)', 'Per attempt, until the first byte.')}
        {text('budget_step_down_pct', 'Budget step-down at (% of cap)', 'Of the monthly cap, spent this UTC month. Empty = never step down.', 'budget_step_down_at')}
        {text('cooldown_failures', 'Cooldown after failures', 'Consecutive failures that bench a model.')}
        {text('cooldown_ms', 'Cooldown (ms)', 'How long a benched model sits out.')}
        {toggle('claude_code_model_names', 'Claude Code names', "Route Claude Code's own model names by power level: haiku as eco, sonnet as auto, opus as precision.")}
        {toggle('gemini_cli_model_names', 'Gemini CLI names', "Route Gemini CLI's own gemini-* names that no set-up model serves (its internal calls) as auto.")}
      </div>
    </div>
  );
}
