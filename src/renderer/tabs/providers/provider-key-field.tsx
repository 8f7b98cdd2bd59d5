// The API key part of the provider dialog: the stored key's mask with Replace / Remove, or a new key field.
import type { Provider } from '../../../shared/types';
import { Field } from '../../components/field';
import type { FormState } from './provider-dialog';

export type KeyAction = 'keep' | 'replace' | 'remove';

interface KeyFieldProps {
  provider: Provider | null;
  /** the type works without a key (local servers) */
  keyless: boolean;
  form: FormState;
  set: <K extends keyof FormState>(k: K, v: FormState[K]) => void;
  setKey: (key: string) => void;
  error: string | null;
}

/** Whether the key's input (and so its error) is on screen, rather than a kept key's mask. */
export const keyInputShown = (provider: Provider | null, keyAction: KeyAction): boolean =>
  !provider || keyAction === 'replace' || !((provider.has_key && provider.key_source === 'stored') || provider.key_source === 'env');

export function KeyField({ provider, keyless, form, set, setKey, error }: KeyFieldProps) {
  const stored = provider?.has_key && provider.key_source === 'stored';
  if (provider && !keyInputShown(provider, form.keyAction)) {
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
  const hint = provider?.has_key
    ? 'The new key replaces the stored one.'
    : `${keyless ? 'Optional for this type. ' : ''}Kept in the OS keychain or the encrypted store, never shown again; tested when saved.`;
  return (
    <Field label="API key" error={error} className="span-2" hint={hint}>
      {(id, d) => (
        <div className="input-row">
          <input
            id={id}
            aria-describedby={d}
            type="password"
            autoComplete="off"
            value={form.api_key}
            onChange={(e) => setKey(e.target.value)}
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
