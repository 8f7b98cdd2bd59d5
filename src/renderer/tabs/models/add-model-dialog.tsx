// Add a model to the catalog by hand (Discover on the Providers tab does it in bulk).
import { useState, type FormEvent } from 'react';
import { CAPABILITIES, MODEL_APIS, type Capability, type ModelApi, type Provider } from '../../../shared/types';
import { PROVIDER_TYPE_INFO } from '../../../shared/provider-types';
import { Field } from '../../components/field';
import { Modal } from '../../components/modal';
import { toast } from '../../components/toast';
import type { UiError } from '../../lib/errors';
import { useModelsStore } from './models-store';

interface Draft {
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

export function AddModelDialog({ providers, onClose }: { providers: Provider[]; onClose: () => void }) {
  const create = useModelsStore((s) => s.create);
  const [d, setD] = useState<Draft>({
    provider_id: providers[0]?.id ?? '',
    model_name: '',
    display_name: '',
    input: '0',
    output: '0',
    context: '128000',
    quality: '',
    capabilities: ['chat'],
    api: 'chat',
  });
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const fe = (name: string) => (error?.field === name ? error.message : null);
  const provider = providers.find((p) => p.id === d.provider_id);
  const openaiFormat = provider !== undefined && PROVIDER_TYPE_INFO[provider.type].format === 'openai';
  const toggleCap = (c: Capability) =>
    set('capabilities', d.capabilities.includes(c) ? d.capabilities.filter((x) => x !== c) : [...d.capabilities, c]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const bad = (field: string, message: string) => setError({ status: 400, message, field });
    if (d.model_name.trim() === '') return bad('model_name', 'Model name is required');
    const nums = { input: Number(d.input), output: Number(d.output), context: Number(d.context) };
    if (!(nums.input >= 0)) return bad('input_cost_per_1m', 'A price of 0 or more');
    if (!(nums.output >= 0)) return bad('output_cost_per_1m', 'A price of 0 or more');
    if (!(Number.isInteger(nums.context) && nums.context > 0)) return bad('context_length', 'A whole number of tokens');
    const quality = d.quality.trim() === '' ? null : Number(d.quality);
    if (quality !== null && !(quality >= 0 && quality <= 100)) return bad('quality', 'Between 0 and 100');
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
    if (!r.ok) return setError(r.error);
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
      <form id="add-model-form" className="form-grid" onSubmit={(e) => void submit(e)}>
        {error && !error.field && <div className="error-box span-2">{error.message}</div>}
        <Field label="Provider" error={fe('provider_id')}>
          {(id, db) => (
            <select id={id} aria-describedby={db} value={d.provider_id} onChange={(e) => set('provider_id', e.target.value)}>
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
        <Field label="Input $ per 1M tokens" error={fe('input_cost_per_1m')}>
          {(id, db) => <input id={id} aria-describedby={db} type="number" min="0" step="any" value={d.input} onChange={(e) => set('input', e.target.value)} />}
        </Field>
        <Field label="Output $ per 1M tokens" error={fe('output_cost_per_1m')}>
          {(id, db) => <input id={id} aria-describedby={db} type="number" min="0" step="any" value={d.output} onChange={(e) => set('output', e.target.value)} />}
        </Field>
        <Field label="Context length" error={fe('context_length')}>
          {(id, db) => <input id={id} aria-describedby={db} type="number" min="1" step="1" value={d.context} onChange={(e) => set('context', e.target.value)} />}
        </Field>
        <Field label="Quality (0-100)" error={fe('quality')} hint="Empty = unknown.">
          {(id, db) => <input id={id} aria-describedby={db} type="number" min="0" max="100" step="1" value={d.quality} onChange={(e) => set('quality', e.target.value)} />}
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
