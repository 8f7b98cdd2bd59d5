// The selected profile's proxy tokens: issue a new one (shown once), revoke old ones.
import { useState, type FormEvent } from 'react';
import type { ProfileToken, User } from '../../../shared/types';
import { Badge } from '../../components/badge';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { toast } from '../../components/toast';
import { ActionsHeader } from '../../components/actions-header';
import { formatDateTime } from '../../lib/format';
import { useByokStore } from './byok-store';

export function ProfileTokens({ user }: { user: User }) {
  const { issueToken, revokeToken } = useByokStore();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [revoking, setRevoking] = useState<ProfileToken | null>(null);

  const issue = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const r = await issueToken(user.id, name);
    setBusy(false);
    if (r.ok) setName('');
    else toast.bad(r.error.message);
  };

  return (
    <section className="card card-pad" aria-labelledby="tokens-title">
      <h2 id="tokens-title">Proxy tokens</h2>
      <form className="inline-form" onSubmit={(e) => void issue(e)}>
        <label className="sr-only" htmlFor="token-name">
          Token name
        </label>
        <input id="token-name" placeholder="Name (e.g. laptop, cursor)" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="btn btn-primary btn-small" disabled={busy}>
          {busy ? 'Issuing…' : 'Issue token'}
        </button>
      </form>
      {user.tokens.length === 0 ? (
        <div className="empty-state small">No tokens. Issue one to let a tool use this profile.</div>
      ) : (
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Token</th>
              <th scope="col">Last used</th>
              <ActionsHeader />
            </tr>
          </thead>
          <tbody>
            {user.tokens.map((t) => (
              <tr key={t.id} className={t.revoked_at ? 'row-disabled' : undefined}>
                <td>{t.name || <span className="muted">unnamed</span>}</td>
                <td>
                  <code>{t.prefix}</code>
                </td>
                <td>{t.last_used_at ? formatDateTime(t.last_used_at) : <span className="muted">never</span>}</td>
                <td className="actions-col">
                  {t.revoked_at ? (
                    <Badge tone="neutral">revoked</Badge>
                  ) : (
                    <button type="button" className="btn btn-small btn-danger-text" aria-label={`Revoke ${t.name || t.prefix}`} onClick={() => setRevoking(t)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoking && (
        <ConfirmDialog
          open
          title="Revoke token?"
          message={`Tools using ${revoking.prefix} stop working immediately.`}
          confirmLabel="Revoke"
          onCancel={() => setRevoking(null)}
          onConfirm={async () => {
            const r = await revokeToken(user.id, revoking.id);
            if (!r.ok) toast.bad(r.error.message);
            setRevoking(null);
          }}
        />
      )}
    </section>
  );
}
