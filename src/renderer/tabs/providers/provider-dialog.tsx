// Add / Edit a provider. A stored key is never shown: only its mask, with Replace and Remove.
// Every field is checked before saving and each problem shown beside its field, all at once.
import { useState, type FormEvent } from 'react';
import { PROVIDER_TYPES, type Provider, type ProviderType, type ProviderUpdate, type ProviderUpdated } from '../../../shared/types';
import { SLUG_RE, SLUG_RULE, baseUrl as validBaseUrl, slugify } from '../../../shared/validate';
import { Field } from '../../components/field';
import { FormFooter, Modal } from '../../components/modal';
import { toast } from '../../components/toast';
import { readDecimal } from '../../lib/decimal';
import { errorSlot } from '../../lib/errors';
import { DEFAULT_BASE_URLS, KEYLESS_TYPES, PROVIDER_TYPE_LABELS } from './provider-defaults';
import { keysAtRisk, keysAtRiskMessage, keysRemovedNote } from './key-origin-warning';
import { KeyField, keyInputShown, type KeyAction } from './provider-key-field';
import { useProvidersStore } from './providers-store';

interface ProviderDialogProps {
  /** null = add a new provider */
  provider: Provider | null;
  open: boolean;
  onClose: () => void;
}

export interface FormState {
  id: string;
  name: string;
  type: ProviderType;
  base_url: string;
  api_key: string;
  keyAction: KeyAction;
  priority: string;
  enabled: boolean;
  /** the user set Enabled by hand: a first key no longer switches it on */
  enabledTouched: boolean;
}

type ErrorField = 'id' | 'name' | 'base_url' | 'api_key' | 'priority';
type Errors = Partial<Record<ErrorField | 'form', string>>;

function initialState(p: Provider | null): FormState {
  return {
    id: '',
    name: p?.name ?? '',
    type: p?.type ?? 'openai',
    base_url: p?.base_url ?? '',
    api_key: '',
    keyAction: p?.has_key ? 'keep' : 'replace',
    priority: String(p?.priority ?? 0),
    enabled: p?.enabled ?? true,
    enabledTouched: false,
  };
}

/** The id the server would derive from the name (shown as the Id field's placeholder). */
export const suggestedId = (f: Pick<FormState, 'name' | 'type'>): string => slugify(f.name) || f.type;

export function checkForm(f: FormState, adding: boolean): Errors {
  const errors: Errors = {};
  if (f.name.trim() === '') errors.name = 'Name is required';
  if (adding && f.id.trim() !== '' && !SLUG_RE.test(f.id.trim())) errors.id = `Must be ${SLUG_RULE}`;
  if (f.base_url.trim() !== '') {
    try {
      validBaseUrl(f.base_url.trim(), 'Base URL');
    } catch (e) {
      errors.base_url = `${(e as Error).message}, such as ${DEFAULT_BASE_URLS[f.type]}`;
    }
  }
  if (!Number.isInteger(readDecimal(f.priority))) errors.priority = 'A whole number';
  return errors;
}

export function ProviderDialog({ provider, open, onClose }: ProviderDialogProps) {
  // the parent remounts this dialog per provider, so initial state is enough
  const [form, setForm] = useState<FormState>(() => initialState(provider));
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const { create, update } = useProvidersStore();
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setForm((f) => ({ ...f, [k]: v }));
  // a move to another origin would drop the stored key: open its field so it can be pasted again
  const setWhere = <K extends 'base_url' | 'type'>(k: K, v: FormState[K]) =>
    setForm((f) => {
      const next = { ...f, [k]: v };
      return provider && next.keyAction === 'keep' && keysAtRisk(provider, patchOf(provider, next))?.providerKey ? { ...next, keyAction: 'replace' } : next;
    });
  const risk = provider ? keysAtRisk(provider, patchOf(provider, form)) : null;
  // a provider without a key is switched on by its first key (as the server does): show that before saving
  const setKey = (v: string) =>
    setForm((f) => ({ ...f, api_key: v, enabled: provider && !provider.has_key && !f.enabledTouched && v !== '' ? true : f.enabled }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = checkForm(form, provider === null);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    const base_url = form.base_url.trim();
    const priority = Number(form.priority);
    const outcome = provider
      ? await update(provider.id, buildPatch(provider, form, base_url, priority))
      : await create({
          id: form.id.trim() || suggestedId(form),
          name: form.name.trim(),
          type: form.type,
          ...(base_url ? { base_url } : {}),
          ...(form.api_key ? { api_key: form.api_key } : {}),
          enabled: form.enabled,
          priority,
        });
    setBusy(false);
    if (!outcome.ok) return setErrors({ [errorSlot(outcome.error.field, shownFields(provider, form))]: outcome.error.message });
    const removed = (outcome.value as Partial<ProviderUpdated>).keys_removed;
    toast.ok(provider ? `Saved ${outcome.value.name}${removed ? keysRemovedNote(removed) : ''}` : `Added ${outcome.value.name}`);
    onClose();
  };

  const formId = provider ? `provider-form-${provider.id}` : 'provider-form-new';
  return (
    <Modal
      open={open}
      title={provider ? `Edit ${provider.name}` : 'Add provider'}
      onClose={onClose}
      footer={<FormFooter form={formId} label={provider ? 'Save' : 'Add provider'} busy={busy} onCancel={onClose} />}
    >
      <form id={formId} className="form-grid" onSubmit={(e) => void submit(e)} noValidate>
        {errors.form && <div className="error-box span-2" role="alert">{errors.form}</div>}
        <Field label="Name" error={errors.name}>
          {(id, d) => <input id={id} aria-describedby={d} aria-invalid={!!errors.name} value={form.name} onChange={(e) => set('name', e.target.value)} />}
        </Field>
        <Field label="Type">
          {(id, d) => (
            <select id={id} aria-describedby={d} value={form.type} onChange={(e) => setWhere('type', e.target.value as ProviderType)}>
              {PROVIDER_TYPES.map((t) => (
                <option key={t} value={t}>
                  {PROVIDER_TYPE_LABELS[t]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {!provider && (
          <Field label="Id" error={errors.id} hint="How clients name its models (id/model). Leave empty to use the name." className="span-2">
            {(id, d) => (
              <input id={id} aria-describedby={d} aria-invalid={!!errors.id} value={form.id} placeholder={suggestedId(form)} onChange={(e) => set('id', e.target.value)} />
            )}
          </Field>
        )}
        <Field label="Base URL" error={errors.base_url} hint="Leave empty for the type's default." className="span-2">
          {(id, d) => (
            <input
              id={id}
              aria-describedby={d}
              aria-invalid={!!errors.base_url}
              inputMode="url"
              autoComplete="off"
              value={form.base_url}
              placeholder={DEFAULT_BASE_URLS[form.type]}
              onChange={(e) => setWhere('base_url', e.target.value)}
            />
          )}
        </Field>
        {risk && (
          <p className="warn-box span-2" role="alert" data-testid="key-origin-warning">
            {keysAtRiskMessage(risk)}
          </p>
        )}
        <KeyField provider={provider} keyless={KEYLESS_TYPES.has(form.type)} form={form} set={set} setKey={setKey} error={errors.api_key ?? null} />
        <Field label="Priority" error={errors.priority} hint="Lower goes first when models tie (1 before 2).">
          {(id, d) => (
            <input id={id} aria-describedby={d} aria-invalid={!!errors.priority} inputMode="numeric" value={form.priority} onChange={(e) => set('priority', e.target.value)} />
          )}
        </Field>
        <div className="field field-inline">
          <input
            id={`${formId}-enabled`}
            type="checkbox"
            checked={form.enabled}
            onChange={(e) => setForm((f) => ({ ...f, enabled: e.target.checked, enabledTouched: true }))}
          />
          <label htmlFor={`${formId}-enabled`}>Enabled</label>
        </div>
      </form>
    </Modal>
  );
}

/** The fields this dialog shows an error beside; a server error on any other goes to the form's box. */
export function shownFields(p: Provider | null, f: Pick<FormState, 'keyAction'>): ErrorField[] {
  return ['name', 'base_url', 'priority', ...(p ? [] : ['id' as const]), ...(keyInputShown(p, f.keyAction) ? ['api_key' as const] : [])];
}

/** The patch the form would save now (what the key warning reads). */
const patchOf = (p: Provider, f: FormState): ProviderUpdate => buildPatch(p, f, f.base_url.trim(), Number(f.priority));

export function buildPatch(p: Provider, f: FormState, base_url: string, priority: number): ProviderUpdate {
  const patch: ProviderUpdate = {};
  if (f.name.trim() !== p.name) patch.name = f.name.trim();
  if (f.type !== p.type) patch.type = f.type;
  // an emptied field means the type's default ("Leave empty for the type's default"), not "leave as it was"
  const url = base_url === '' ? DEFAULT_BASE_URLS[f.type] : base_url;
  if (url !== p.base_url) patch.base_url = url;
  if (f.keyAction === 'remove') patch.api_key = null;
  if (f.keyAction === 'replace' && f.api_key !== '') patch.api_key = f.api_key;
  if (priority !== p.priority) patch.priority = priority;
  // with a key, Enabled is always sent: the server would otherwise switch on a provider's first key by itself
  if (f.enabled !== p.enabled || typeof patch.api_key === 'string') patch.enabled = f.enabled;
  return patch;
}
