// The selected profile's own provider keys (BYOK), used instead of the global key.
import { useState, type FormEvent } from 'react';
import type { ProviderTestResult, User } from '../../../shared/types';
import { ErrorBox, LoadingState } from '../../components/async-view';
import { toast } from '../../components/toast';
import { useByokStore } from './byok-store';
import { KEY_FORM_PROVIDER, ProfileKeyList } from './profile-key-list';

export function ProfileKeys({ user }: { user: User }) {
  const { keys, providers, setKey, loadKeys } = useByokStore();
  // the first provider as the form first shows (the list may come after it), then fixed: a later reload of the list
  // (a provider added or reordered elsewhere) must not move the selection under a key half typed, saved then for that other
  const [providerId, setProviderId] = useState(() => providers[0]?.id ?? '');
  if (providerId === '' && providers[0]) setProviderId(providers[0].id);
  const [apiKey, setApiKey] = useState('');
  // null until typed in: the chosen provider's entry's list, so saving the key again keeps it, and an emptied field clears it
  const [typed, setPreferred] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // the provider's answer to the key just saved (a model listing with it), for that profile and provider
  const [checked, setChecked] = useState<{ userId: string; providerId: string; result: ProviderTestResult } | null>(null);
  const chosen = providerId || providers[0]?.id || '';
  const entry = keys.userId === user.id ? keys.entries?.find((k) => k.provider_id === chosen) : undefined;
  const preferred = typed ?? entry?.preferred_models.join(', ') ?? '';

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (apiKey.trim() === '') return setError('Paste the key');
    setBusy(true);
    // sent only when typed in: a field left alone keeps the stored list, also while the keys load or after they
    // failed to (the field shows empty then, and sending that wiped the list)
    const preferred_models = typed === null ? undefined : typed.split(',').map((s) => s.trim()).filter(Boolean);
    const r = await setKey(user.id, { provider_id: chosen, api_key: apiKey.trim(), ...(preferred_models ? { preferred_models } : {}) });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    setApiKey('');
    setPreferred(null);
    setError(null);
    const test = r.value.test;
    setChecked(test ? { userId: user.id, providerId: chosen, result: test } : null);
    if (test && !test.ok) toast.bad(`Key for ${chosen} saved for ${user.name}, but ${keyCheckHeadline(chosen, test)}`);
    else toast.ok(`Key for ${chosen} saved for ${user.name}${test ? ': it works' : ''}`);
  };

  return (
    <section className="card card-pad" aria-labelledby="keys-title">
      <h2 id="keys-title">Own provider keys</h2>
      <p className="muted small">Requests from this profile use these keys instead of the global ones.</p>
      {keys.loading && !keys.entries && <LoadingState />}
      {keys.error && <ErrorBox message={keys.error} onRetry={() => void loadKeys()} />}
      {keys.entries && keys.entries.length === 0 && <div className="empty-state small">No own keys: the global provider keys are used.</div>}
      {keys.entries && keys.entries.length > 0 && (
        // the provider's answer about a key stands no longer once that key is gone
        <ProfileKeyList user={user} entries={keys.entries} onRemoved={(id) => setChecked((c) => (c?.providerId === id ? null : c))} />
      )}
      {providers.length > 0 ? (
        <form className="key-form" onSubmit={(e) => void save(e)}>
          <div className="field">
            <label htmlFor={KEY_FORM_PROVIDER}>Provider</label>
            <select id={KEY_FORM_PROVIDER} value={chosen} onChange={(e) => {
              setProviderId(e.target.value);
              setPreferred(null);
            }}>
              {providers.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="byok-key">API key</label>
            <input id="byok-key" type="password" autoComplete="off" value={apiKey} onChange={(e) => setApiKey(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="byok-preferred">Preferred models</label>
            <input id="byok-preferred" placeholder="comma-separated; empty = none" value={preferred} onChange={(e) => setPreferred(e.target.value)} />
          </div>
          <button type="submit" className="btn btn-primary btn-small" disabled={busy}>
            {busy ? 'Saving…' : 'Save key'}
          </button>
          {error && <div className="field-error span-all">{error}</div>}
          {checked && checked.userId === user.id && <KeyCheck providerId={checked.providerId} userName={user.name} result={checked.result} />}
        </form>
      ) : (
        <div className="empty-state small">Add a provider first.</div>
      )}
      <p className="muted small">{`Keys are masked after saving; ${user.name}'s stored keys are never shown again.`}</p>
    </section>
  );
}

/** What the provider said of the key, in a few words. */
function keyCheckHeadline(providerId: string, r: ProviderTestResult): string {
  if (r.ok) return `${providerId} accepted the key`;
  return r.status === 401 || r.status === 403 ? `${providerId} refused the key` : `the key could not be checked at ${providerId}`;
}

/** The provider's answer to a model listing with the key just saved (saved either way, as a provider's key is). */
function KeyCheck({ providerId, userName, result: r }: { providerId: string; userName: string; result: ProviderTestResult }) {
  return (
    <div className={`result-line span-all ${r.ok ? 'result-ok' : 'result-bad'}`} role="status" data-testid="byok-key-check">
      <strong>{keyCheckHeadline(providerId, r)}</strong>
      {r.status !== null && <span>HTTP {r.status}</span>}
      {r.ok ? <span>{r.models_found} models listed</span> : <span className="muted">{r.message}</span>}
      {!r.ok && <span>{`Saved anyway: ${userName}'s requests to ${providerId} use this key until it is replaced or removed.`}</span>}
    </div>
  );
}
