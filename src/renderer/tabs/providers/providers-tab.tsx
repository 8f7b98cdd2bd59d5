// Providers: who the router can call, their keys, health, and Test / Discover actions.
import { useEffect, useState } from 'react';
import type { Provider } from '../../../shared/types';
import { AsyncView } from '../../components/async-view';
import { ProviderDeleteDialog } from './provider-delete-dialog';
import { ProviderDialog } from './provider-dialog';
import { ProviderRow } from './provider-row';
import { useProvidersStore } from './providers-store';

type DialogState = { kind: 'none' } | { kind: 'add' } | { kind: 'edit'; provider: Provider } | { kind: 'delete'; provider: Provider };

export function ProvidersTab() {
  const { providers, loading, error, load } = useProvidersStore();
  const [dialog, setDialog] = useState<DialogState>({ kind: 'none' });
  const close = () => setDialog({ kind: 'none' });

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="providers-title">
      <div className="section-head">
        <div>
          <h1 id="providers-title">Providers</h1>
          <p className="muted">The APIs Switchboard can route to. Keys live in the secret store and are never shown.</p>
        </div>
        <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'add' })}>
          Add provider
        </button>
      </div>
      <AsyncView
        loading={loading}
        error={error}
        hasData={providers !== null}
        empty={providers?.length === 0}
        emptyText="No providers yet. Add one to start routing."
        onRetry={() => void load()}
      >
        <div className="table-wrap card">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" className="col-type">Type</th>
                <th scope="col">Base URL</th>
                <th scope="col">Enabled</th>
                <th scope="col">Key</th>
                <th scope="col">Health / latency</th>
                <th scope="col" className="actions-col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {(providers ?? []).map((p) => (
                <ProviderRow
                  key={p.id}
                  provider={p}
                  onEdit={() => setDialog({ kind: 'edit', provider: p })}
                  onDelete={() => setDialog({ kind: 'delete', provider: p })}
                />
              ))}
            </tbody>
          </table>
        </div>
      </AsyncView>
      {(dialog.kind === 'add' || dialog.kind === 'edit') && (
        <ProviderDialog
          key={dialog.kind === 'edit' ? dialog.provider.id : 'new'}
          open
          provider={dialog.kind === 'edit' ? dialog.provider : null}
          onClose={close}
        />
      )}
      {dialog.kind === 'delete' && <ProviderDeleteDialog provider={dialog.provider} onClose={close} />}
    </section>
  );
}
