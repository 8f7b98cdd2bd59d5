// BYOK: profiles, their proxy tokens and own provider keys, and set-up snippets for local tools.
import { useEffect, useState } from 'react';
import type { User } from '../../../shared/types';
import { AsyncView } from '../../components/async-view';
import { useByokStore } from './byok-store';
import { ProfileDialog } from './profile-dialog';
import { ProfileKeys } from './profile-keys';
import { ProfileList } from './profile-list';
import { ProfileTokens } from './profile-tokens';
import { SetupPanel } from './setup-panel';
import { TokenReveal } from './token-reveal';

type Editing = { kind: 'none' } | { kind: 'new' } | { kind: 'edit'; user: User };

export function ByokTab() {
  const { users, loading, error, selectedId, load, watch } = useByokStore();
  const [editing, setEditing] = useState<Editing>({ kind: 'none' });
  const selected = users?.find((u) => u.id === selectedId) ?? null;

  // polled as the header's figures are: a token's Last used moves with the requests made with it
  useEffect(() => watch(), [watch]);

  return (
    <section aria-labelledby="byok-title">
      <div className="section-head">
        <div>
          <h1 id="byok-title">Profiles &amp; keys</h1>
          <p className="muted">Each profile has its own tokens, power level, budget and, optionally, its own provider keys.</p>
        </div>
        <button type="button" className="btn btn-primary" onClick={() => setEditing({ kind: 'new' })}>
          New profile
        </button>
      </div>
      <TokenReveal />
      <AsyncView
        loading={loading}
        error={error}
        hasData={users !== null}
        empty={users?.length === 0}
        emptyText="No profiles yet."
        onRetry={() => void load()}
      >
        <ProfileList onEdit={(user) => setEditing({ kind: 'edit', user })} />
        {selected && (
          <div className="detail-grid">
            <ProfileTokens user={selected} />
            <ProfileKeys key={selected.id} user={selected} />
          </div>
        )}
      </AsyncView>
      <SetupPanel />
      {editing.kind !== 'none' && (
        <ProfileDialog key={editing.kind === 'edit' ? editing.user.id : 'new'} user={editing.kind === 'edit' ? editing.user : null} onClose={() => setEditing({ kind: 'none' })} />
      )}
    </section>
  );
}
