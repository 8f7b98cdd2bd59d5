// Add a model to the catalog by hand (Discover on the Providers tab does it in bulk).
import { useState, type FormEvent } from 'react';
import { MODEL_APIS, type ModelApi, type Provider } from '../../../shared/types';
import { PROVIDER_TYPE_INFO } from '../../../shared/provider-types';
import { Field } from '../../components/field';
import { FormFooter, Modal } from '../../components/modal';
import { toast } from '../../components/toast';
import { readDecimal } from '../../lib/decimal';
import { errorSlot } from '../../lib/errors';
import { runsFree } from './free-runtime';
import { checkDetails, DETAIL_ERROR_FIELD, DetailFields, detailValues, type DetailDraft, type DetailSetter } from './model-detail-fields';
import { useModelsStore } from './models-store';

export interface Draft extends DetailDraft {
  provider_id: string;
  model_name: string;
  input: string;
  output: string;
  api: ModelApi;
}

/** The error key each draft field reports under (the API's field names). */
const ERROR_FIELD: Record<keyof Draft, string> = {
  ...DETAIL_ERROR_FIELD, provider_id: 'provider_id', model_name: 'model_name', input: 'input_cost_per_1m', output: 'output_cost_per_1m', api: 'api',
};

// NaN for what is not a decimal, which the check refuses
const priceOf = (s: string): number | null => (s.trim() === '' ? null : (readDecimal(s) ?? NaN));

/** Every problem with the draft, by field (empty when it can be sent). */
export function checkDraft(d: Draft): Record<string, string> {
  const errors: Record<string, string> = checkDetails(d);
  if (d.provider_id === '') errors.provider_id = 'Choose the provider that serves this model';
  if (d.model_name.trim() === '') errors.model_name = 'Model name is required';
  else if (/\s/.test(d.model_name.trim())) errors.model_name = 'The id the provider knows it by has no spaces';
  // an empty price is unknown (never $0); a local runtime stores it as $0, since running there costs nothing
  const input = priceOf(d.input);
  const output = priceOf(d.output);
  // finite: 1e400 reads as Infinity, which JSON sends as null (unknown)
  if (input !== null && !(Number.isFinite(input) && input >= 0)) errors.input_cost_per_1m = 'A price of 0 or more, or empty if unknown';
  if (output !== null && !(Number.isFinite(output) && output >= 0)) errors.output_cost_per_1m = 'A price of 0 or more, or empty if unknown';
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
    max_output: '',
    quality: '',
    capabilities: ['chat'],
    remote: false,
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

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = checkDraft(d);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const { display_name, ...details } = detailValues(d);
    setBusy(true);
    const r = await create({
      provider_id: d.provider_id,
      model_name: d.model_name.trim(),
      ...(display_name ? { display_name } : {}),
      input_cost_per_1m: priceOf(d.input),
      output_cost_per_1m: priceOf(d.output),
      ...details,
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
      footer={<FormFooter form="add-model-form" label="Add model" busyLabel="Adding…" busy={busy} onCancel={onClose} />}
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
        <Field label="Input $ per 1M tokens" error={fe('input_cost_per_1m')} hint={priceHint}>
          {(id, db) => <input id={id} aria-describedby={db} inputMode="decimal" value={d.input} onChange={(e) => set('input', e.target.value)} />}
        </Field>
        <Field label="Output $ per 1M tokens" error={fe('output_cost_per_1m')} hint={priceHint}>
          {(id, db) => <input id={id} aria-describedby={db} inputMode="decimal" value={d.output} onChange={(e) => set('output', e.target.value)} />}
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
        <DetailFields d={d} set={set as DetailSetter} fe={fe} />
      </form>
    </Modal>
  );
}
