// The selected profile's own provider keys, masked; Remove asks first, as every delete and revoke does.
import { useRef, useState } from 'react';
import type { ByokEntry, User } from '../../../shared/types';
import { ActionsHeader } from '../../components/actions-header';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { toast } from '../../components/toast';
import { formatDateTime } from '../../lib/format';
import { useByokStore } from './byok-store';

/** the id of the key form's Provider field (profile-keys.tsx) */
export const KEY_FORM_PROVIDER = 'byok-provider';

interface ProfileKeyListProps {
  user: User;
  entries: ByokEntry[];
  /** the key for this provider is gone */
  onRemoved: (providerId: string) => void;
}

export function ProfileKeyList({ user, entries, onRemoved }: ProfileKeyListProps) {
  const deleteKey = useByokStore((s) => s.deleteKey);
  const [removing, setRemoving] = useState<ByokEntry | null>(null);
  // the Remove button pressed: the focus goes back to it (Cancel, or the removal failed) while it is there; with
  // its row gone (or the whole list, with the last key), to the key form's Provider field, not down to <body>
  const opener = useRef<HTMLButtonElement | null>(null);
  return (
    <>
      <table className="table table-compact">
        <thead>
          <tr>
            <th scope="col">Provider</th>
            <th scope="col">Key</th>
            <th scope="col">Preferred models</th>
            <th scope="col">Updated</th>
            <ActionsHeader />
          </tr>
        </thead>
        <tbody>
          {entries.map((k) => (
            <tr key={k.provider_id}>
              <td>{k.provider_id}</td>
              <td>
                <code>{k.api_key_masked}</code>
              </td>
              <td>{k.preferred_models.length ? k.preferred_models.join(', ') : <span className="muted">—</span>}</td>
              <td>{formatDateTime(k.updated_at)}</td>
              <td className="actions-col">
                <button type="button" className="btn btn-small btn-danger-text" aria-label={`Remove key for ${k.provider_id}`} onClick={(e) => {
                  opener.current = e.currentTarget;
                  setRemoving(k);
                }}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {removing && (
        <ConfirmDialog
          open
          title={`Remove ${user.name}'s key for ${removing.provider_id}?`}
          message={`${removing.api_key_masked} is deleted from the secret store; ${user.name}'s requests to ${removing.provider_id} use the global key for it again, if there is one.`}
          confirmLabel="Remove key"
          returnFocus={() => (opener.current?.isConnected ? opener.current : document.getElementById(KEY_FORM_PROVIDER))}
          onCancel={() => setRemoving(null)}
          onConfirm={async () => {
            const r = await deleteKey(user.id, removing.provider_id);
            if (r.ok) {
              onRemoved(removing.provider_id);
              toast.ok(`Removed ${user.name}'s key for ${removing.provider_id}`);
            } else toast.bad(r.error.message);
            setRemoving(null);
          }}
        />
      )}
    </>
  );
}
