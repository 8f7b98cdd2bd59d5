// Add / Edit a provider. A stored key is never shown: only its mask, with Replace and Remove.
import { useState, type FormEvent } from 'react';
import { PROVIDER_TYPES, type Provider, type ProviderType, type ProviderUpdate } from '../../../shared/types';
import { Field } from '../../components/field';
import { Modal } from '../../components/modal';
import { toast } from '../../components/toast';
import type { UiError } from '../../lib/errors';
import { DEFAULT_BASE_URLS, PROVIDER_TYPE_LABELS } from './provider-defaults';
import { useProvidersStore } from './providers-store';

interface ProviderDialogProps {
  /** null = add a new provider */
  provider: Provider | null;
  open: boolean;
  onClose: () => void;
}

type KeyAction = 'keep' | 'replace' | 'remove';

interface FormState {
  name: string;
  type: ProviderType;
  base_url: string;
  api_key: string;
  keyAction: KeyAction;
  priority: string;
  enabled: boolean;
}

function initialState(p: Provider | null): FormState {
  return {
    name: p?.name ?? '',
    type: p?.type ?? 'openai',
    base_url: p?.base_url ?? '',
    api_key: '',
    keyAction: p?.has_key ? 'keep' : 'replace',
    priority: String(p?.priority ?? 0),
    enabled: p?.enabled ?? true,
  };
}

export function ProviderDialog({ provider, open, onClose }: ProviderDialogProps) {
  // the parent remounts this dialog per provider, so initial state is enough
  const [form, setForm] = useState<FormState>(() => initialState(provider));
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(false);
  const { create, update } = useProvidersStore();
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setForm((f) => ({ ...f, [k]: v }));
  const fieldError = (name: string) => (error?.field === name ? error.message : null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const priority = Number(form.priority);
    if (form.name.trim() === '') return setError({ status: 400, message: 'Name is required', field: 'name' });
    if (!Number.isFinite(priority)) return setError({ status: 400, message: 'Priority must be a number', field: 'priority' });
    setBusy(true);
    const base_url = form.base_url.trim();
    const outcome = provider
      ? await update(provider.id, buildPatch(provider, form, base_url, priority))
      : await create({
          name: form.name.trim(),
          type: form.type,
          ...(base_url ? { base_url } : {}),
          ...(form.api_key ? { api_key: form.api_key } : {}),
          enabled: form.enabled,
          priority,
        });
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error);
    toast.ok(provider ? `Saved ${outcome.value.name}` : `Added ${outcome.value.name}`);
    onClose();
  };

  const formId = provider ? `provider-form-${provider.id}` : 'provider-form-new';
  return (
    <Modal
      open={open}
      title={provider ? `Edit ${provider.name}` : 'Add provider'}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={busy}>
            {busy ? 'Saving…' : provider ? 'Save' : 'Add provider'}
          </button>
        </>
      }
    >
      <form id={formId} className="form-grid" onSubmit={(e) => void submit(e)}>
        {error && !error.field && <div className="error-box span-2">{error.message}</div>}
        <Field label="Name" error={fieldError('name')}>
          {(id, d) => <input id={id} aria-describedby={d} value={form.name} onChange={(e) => set('name', e.target.value)} required />}
        </Field>
        <Field label="Type" error={fieldError('type')}>
          {(id, d) => (
            <select id={id} aria-describedby={d} value={form.type} onChange={(e) => set('type', e.target.value as ProviderType)}>
              {PROVIDER_TYPES.map((t) => (
                <option key={t} value={t}>
                  {PROVIDER_TYPE_LABELS[t]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Base URL" error={fieldError('base_url')} hint="Leave empty for the type's default." className="span-2">
          {(id, d) => (
            <input
              id={id}
              aria-describedby={d}
              type="url"
              value={form.base_url}
              placeholder={DEFAULT_BASE_URLS[form.type]}
              onChange={(e) => set('base_url', e.target.value)}
            />
          )}
        </Field>
        <KeyField provider={provider} form={form} set={set} error={fieldError('api_key')} />
        <Field label="Priority" error={fieldError('priority')} hint="Higher wins ties.">
          {(id, d) => (
            <input id={id} aria-describedby={d} type="number" step="1" value={form.priority} onChange={(e) => set('priority', e.target.value)} />
          )}
        </Field>
        <div className="field field-inline">
          <input id={`${formId}-enabled`} type="checkbox" checked={form.enabled} onChange={(e) => set('enabled', e.target.checked)} />
          <label htmlFor={`${formId}-enabled`}>Enabled</label>
        </div>
      </form>
    </Modal>
  );
}

function buildPatch(p: Provider, f: FormState, base_url: string, priority: number): ProviderUpdate {
  const patch: ProviderUpdate = {};
  if (f.name.trim() !== p.name) patch.name = f.name.trim();
  if (f.type !== p.type) patch.type = f.type;
  if (base_url !== '' && base_url !== p.base_url) patch.base_url = base_url;
  if (f.keyAction === 'remove') patch.api_key = null;
  if (f.keyAction === 'replace' && f.api_key !== '') patch.api_key = f.api_key;
  if (priority !== p.priority) patch.priority = priority;
  if (f.enabled !== p.enabled) patch.enabled = f.enabled;
  return patch;
}

interface KeyFieldProps {
  provider: Provider | null;
  form: FormState;
  set: <K extends keyof FormState>(k: K, v: FormState[K]) => void;
  error: string | null;
}

function KeyField({ provider, form, set, error }: KeyFieldProps) {
  const stored = provider?.has_key && provider.key_source === 'stored';
  if (provider && form.keyAction !== 'replace' && (stored || provider.key_source === 'env')) {
    return (
      <div className="field span-2">
        <span className="field-label">API key</span>
        <div className="key-state">
          {form.keyAction === 'remove' ? (
            <span className="muted">The stored key will be removed on save.</span>
          ) : (
            <code>{provider.api_key_masked}</code>
          )}
          {provider.key_source === 'env' && <span className="muted">from the environment</span>}
          <button type="button" className="btn btn-small" onClick={() => set('keyAction', 'replace')}>
            Replace
          </button>
          {stored && form.keyAction !== 'remove' && (
            <button type="button" className="btn btn-small btn-danger-text" onClick={() => set('keyAction', 'remove')}>
              Remove
            </button>
          )}
          {form.keyAction === 'remove' && (
            <button type="button" className="btn btn-small" onClick={() => set('keyAction', 'keep')}>
              Undo
            </button>
          )}
        </div>
      </div>
    );
  }
  return (
    <Field
      label="API key"
      error={error}
      className="span-2"
      hint={provider?.has_key ? 'The new key replaces the stored one.' : 'Stored in the OS keychain or the encrypted store, never shown again.'}
    >
      {(id, d) => (
        <div className="input-row">
          <input
            id={id}
            aria-describedby={d}
            type="password"
            autoComplete="off"
            value={form.api_key}
            onChange={(e) => set('api_key', e.target.value)}
            placeholder={provider?.has_key ? 'New key' : 'sk-…'}
          />
          {provider?.has_key && (
            <button type="button" className="btn btn-small" onClick={() => set('keyAction', 'keep')}>
              Keep current
            </button>
          )}
        </div>
      )}
    </Field>
  );
}
