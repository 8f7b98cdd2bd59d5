// Add a model to the catalog by hand (Discover on the Providers tab does it in bulk).
import { useState, type FormEvent } from 'react';
import { CAPABILITIES, MODEL_APIS, type Capability, type ModelApi, type Provider } from '../../../shared/types';
import { PROVIDER_TYPE_INFO } from '../../../shared/provider-types';
import { Field } from '../../components/field';
import { Modal } from '../../components/modal';
import { toast } from '../../components/toast';
import { errorSlot } from '../../lib/errors';
import { runsFree } from './free-runtime';
import { useModelsStore } from './models-store';

export interface Draft {
  provider_id: string;
  model_name: string;
  display_name: string;
  input: string;
  output: string;
  context: string;
  quality: string;
  capabilities: Capability[];
  api: ModelApi;
}

/** The error key each draft field reports under (the API's field names). */
const ERROR_FIELD: Record<keyof Draft, string> = {
  provider_id: 'provider_id', model_name: 'model_name', display_name: 'display_name', input: 'input_cost_per_1m',
  output: 'output_cost_per_1m', context: 'context_length', quality: 'quality', capabilities: 'capabilities', api: 'api',
};

const priceOf = (s: string): number | null => (s.trim() === '' ? null : Number(s));

/** Every problem with the draft, by field (empty when it can be sent). */
export function checkDraft(d: Draft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (d.provider_id === '') errors.provider_id = 'Choose the provider that serves this model';
  if (d.model_name.trim() === '') errors.model_name = 'Model name is required';
  else if (/\s/.test(d.model_name.trim())) errors.model_name = 'The id the provider knows it by has no spaces';
  // an empty price is unknown (never $0); a local runtime stores it as $0, since running there costs nothing
  const input = priceOf(d.input);
  const output = priceOf(d.output);
  const context = Number(d.context);
  if (input !== null && !(input >= 0)) errors.input_cost_per_1m = 'A price of 0 or more, or empty if unknown';
  if (output !== null && !(output >= 0)) errors.output_cost_per_1m = 'A price of 0 or more, or empty if unknown';
  if (!(Number.isInteger(context) && context > 0)) errors.context_length = 'A whole number of tokens';
  const quality = d.quality.trim() === '' ? null : Number(d.quality);
  if (quality !== null && !(quality >= 0 && quality <= 100)) errors.quality = 'Between 0 and 100';
  return errors;
}

export function AddModelDialog({ providers, defaultProvider, onClose }: { providers: Provider[]; defaultProvider: string; onClose: () => void }) {
  const create = useModelsStore((s) => s.create);
  const [d, setD] = useState<Draft>({
    // no silent default: the first provider in the list (Anthropic) turned an OpenAI model into anthropic/...
    provider_id: providers.some((p) => p.id === defaultProvider) ? defaultProvider : '',
    model_name: '',
    display_name: '',
    input: '',
    output: '',
    context: '128000',
    quality: '',
    capabilities: ['chat'],
    api: 'chat',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setD((x) => ({ ...x, [k]: v }));
    // an edited field's complaint goes; the others stay until the next Add
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([f]) => f !== ERROR_FIELD[k])));
  };
  const fe = (name: string) => errors[name] ?? null;
  const provider = providers.find((p) => p.id === d.provider_id);
  const openaiFormat = provider !== undefined && PROVIDER_TYPE_INFO[provider.type].format === 'openai';
  const priceHint = provider !== undefined && runsFree(provider) ? 'Empty = $0: a local runtime costs nothing.' : 'Empty = unknown.';
  const toggleCap = (c: Capability) =>
    set('capabilities', d.capabilities.includes(c) ? d.capabilities.filter((x) => x !== c) : [...d.capabilities, c]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = checkDraft(d);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const nums = { input: priceOf(d.input), output: priceOf(d.output), context: Number(d.context) };
    const quality = d.quality.trim() === '' ? null : Number(d.quality);
    setBusy(true);
    const r = await create({
      provider_id: d.provider_id,
      model_name: d.model_name.trim(),
      ...(d.display_name.trim() ? { display_name: d.display_name.trim() } : {}),
      input_cost_per_1m: nums.input,
      output_cost_per_1m: nums.output,
      context_length: nums.context,
      capabilities: d.capabilities,
      quality,
      enabled: true,
      ...(openaiFormat ? { api: d.api } : {}),
    });
    setBusy(false);
    if (!r.ok) return setErrors({ [errorSlot(r.error.field, Object.values(ERROR_FIELD))]: r.error.message });
    toast.ok(`Added ${r.value.id}`);
    onClose();
  };

  return (
    <Modal
      open
      title="Add model"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="add-model-form" className="btn btn-primary" disabled={busy}>
            {busy ? 'Adding…' : 'Add model'}
          </button>
        </>
      }
    >
      <form id="add-model-form" className="form-grid" onSubmit={(e) => void submit(e)} noValidate>
        {fe('form') && <div className="error-box span-2" role="alert">{fe('form')}</div>}
        <Field label="Provider" error={fe('provider_id')} hint={d.provider_id && d.model_name.trim() ? `Clients send it as ${d.provider_id}/${d.model_name.trim()}` : undefined}>
          {(id, db) => (
            <select id={id} aria-describedby={db} value={d.provider_id} onChange={(e) => set('provider_id', e.target.value)}>
              <option value="" disabled>
                Choose a provider…
              </option>
              {providers.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Model name" error={fe('model_name')} hint="The id the provider's API knows it by.">
          {(id, db) => <input id={id} aria-describedby={db} value={d.model_name} onChange={(e) => set('model_name', e.target.value)} />}
        </Field>
        <Field label="Display name" error={fe('display_name')} className="span-2">
          {(id, db) => <input id={id} aria-describedby={db} value={d.display_name} onChange={(e) => set('display_name', e.target.value)} />}
        </Field>
        <Field label="Input $ per 1M tokens" error={fe('input_cost_per_1m')} hint={priceHint}>
          {(id, db) => <input id={id} aria-describedby={db} inputMode="decimal" value={d.input} onChange={(e) => set('input', e.target.value)} />}
        </Field>
        <Field label="Output $ per 1M tokens" error={fe('output_cost_per_1m')} hint={priceHint}>
          {(id, db) => <input id={id} aria-describedby={db} inputMode="decimal" value={d.output} onChange={(e) => set('output', e.target.value)} />}
        </Field>
        <Field label="Context length" error={fe('context_length')}>
          {(id, db) => <input id={id} aria-describedby={db} inputMode="numeric" value={d.context} onChange={(e) => set('context', e.target.value)} />}
        </Field>
        <Field label="Quality (0-100)" error={fe('quality')} hint="Empty = unknown.">
          {(id, db) => <input id={id} aria-describedby={db} inputMode="numeric" value={d.quality} onChange={(e) => set('quality', e.target.value)} />}
        </Field>
        {openaiFormat && (
          <Field label="API" error={fe('api')} className="span-2" hint="Responses: an OpenAI model served only on the Responses API (gpt-5-pro, the Codex models).">
            {(id, db) => (
              <select id={id} aria-describedby={db} value={d.api} onChange={(e) => set('api', e.target.value as ModelApi)}>
                {MODEL_APIS.map((a) => (
                  <option key={a} value={a}>
                    {a === 'chat' ? 'Chat Completions' : 'Responses'}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <fieldset className="span-2 checkbox-group">
          <legend>Capabilities</legend>
          {CAPABILITIES.map((c) => (
            <label key={c} className="checkbox">
              <input type="checkbox" checked={d.capabilities.includes(c)} onChange={() => toggleCap(c)} />
              {c}
            </label>
          ))}
          {fe('capabilities') && <div className="field-error">{fe('capabilities')}</div>}
        </fieldset>
      </form>
    </Modal>
  );
}
