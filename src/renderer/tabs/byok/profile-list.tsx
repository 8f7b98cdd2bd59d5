// The profiles table; a row's name selects the profile for the token and key panels.
import { useState } from 'react';
import type { User } from '../../../shared/types';
import { Badge } from '../../components/badge';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { toast } from '../../components/toast';
import { ActionsHeader } from '../../components/actions-header';
import { formatUsd } from '../../lib/format';
import { GUARD_LABELS } from './profile-dialog';
import { useByokStore } from './byok-store';

export function ProfileList({ onEdit }: { onEdit: (u: User) => void }) {
  const { users, selectedId, select, deleteUser } = useByokStore();
  const [deleting, setDeleting] = useState<User | null>(null);
  return (
    <div className="table-wrap card">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Profile</th>
            <th scope="col">Power</th>
            <th scope="col" className="num" title="A monthly cap counts spend by UTC month">Cap / UTC month</th>
            <th scope="col" className="num">Credit</th>
            <th scope="col">Privacy guard</th>
            <th scope="col" className="num">Tokens</th>
            <ActionsHeader />
          </tr>
        </thead>
        <tbody>
          {(users ?? []).map((u) => (
            <tr key={u.id} className={u.id === selectedId ? 'row-selected' : undefined}>
              <td>
                <button type="button" className="link-button" aria-pressed={u.id === selectedId} onClick={() => void select(u.id)}>
                  {u.name}
                </button>
                <div className="cell-sub">{u.id}</div>
              </td>
              <td>
                <Badge tone="info">{u.power_level}</Badge>
              </td>
              <td className="num">{u.monthly_cap_usd === null ? 'none' : formatUsd(u.monthly_cap_usd)}</td>
              <td className="num">{u.credit_balance_usd === null ? 'unlimited' : formatUsd(u.credit_balance_usd)}</td>
              <td>{GUARD_LABELS[u.privacy_guard] ?? u.privacy_guard}</td>
              <td className="num">{u.tokens.filter((t) => t.revoked_at === null).length}</td>
              <td className="actions-col">
                <div className="row-actions">
                  <button type="button" className="btn btn-small" aria-label={`Edit ${u.name}`} onClick={() => onEdit(u)}>
                    Edit
                  </button>
                  {u.id !== 'default' && (
                    <button type="button" className="btn btn-small btn-danger-text" aria-label={`Delete ${u.name}`} onClick={() => setDeleting(u)}>
                      Delete
                    </button>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {deleting && (
        <ConfirmDialog
          open
          title={`Delete ${deleting.name}?`}
          message="Its tokens stop working and its own provider keys are removed. Usage history stays."
          onCancel={() => setDeleting(null)}
          onConfirm={async () => {
            const r = await deleteUser(deleting.id);
            if (r.ok) toast.ok(`Deleted ${deleting.name}`);
            else toast.bad(r.error.message);
            setDeleting(null);
          }}
        />
      )}
    </div>
  );
}
