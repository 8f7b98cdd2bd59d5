// Asks once for the admin token when the headless UI has none or it was refused.
import { useState, type FormEvent } from 'react';
import { logInWith } from '../bridge/bridge';
import { useAuthStore } from '../bridge/auth-store';
import { Field } from '../components/field';

export function LoginForm() {
  const reason = useAuthStore((s) => s.reason);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (value.trim() === '') {
      setError('Paste the admin token.');
      return;
    }
    setBusy(true);
    setError(await logInWith(value));
    setBusy(false);
  };

  return (
    <main className="login-page">
      <form className="card login-card" onSubmit={(e) => void submit(e)}>
        <h1>Switchboard</h1>
        <p className="muted">
          Enter the admin token. It is printed by <code>npm run serve</code> (in the URL after <code>#token=</code>)
          and stored in <code>admin-token</code> in the data directory.
        </p>
        {reason && <div className="error-box">{reason}</div>}
        <Field label="Admin token" error={error}>
          {(id, describedBy) => (
            <input
              id={id}
              type="password"
              autoComplete="off"
              autoFocus
              aria-describedby={describedBy}
              value={value}
              onChange={(e) => setValue(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
