// "Delete this provider?" naming what goes with it: the fallback chains, aliases and preferred models that
// name its models are removed or shortened in the same step, and the user should know before, not after.
import { useEffect, useState } from 'react';
import type { ProviderDeletePreview } from '../../../shared/provider-delete-types';
import type { Provider } from '../../../shared/types';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { toast } from '../../components/toast';
import { deletedMessage, prunedLines } from './pruned-refs';
import { useProvidersStore } from './providers-store';

type Preview = { loading: true } | { loading: false; preview: ProviderDeletePreview } | { loading: false; error: string };

export function ProviderDeleteDialog({ provider, onClose }: { provider: Provider; onClose: () => void }) {
  const remove = useProvidersStore((s) => s.remove);
  const previewDelete = useProvidersStore((s) => s.previewDelete);
  const [state, setState] = useState<Preview>({ loading: true });

  useEffect(() => {
    let live = true;
    void previewDelete(provider.id).then((r) => {
      if (live) setState(r.ok ? { loading: false, preview: r.value } : { loading: false, error: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [provider.id, previewDelete]);

  const confirm = async () => {
    const r = await remove(provider.id);
    if (r.ok) toast.ok(deletedMessage(provider.name, r.value.pruned));
    else toast.bad(r.error.message);
    onClose();
  };

  const lines = 'preview' in state ? prunedLines(state.preview.pruned) : [];
  return (
    <ConfirmDialog
      open
      title={`Delete ${provider.name}?`}
      message="Its models leave the catalog and its stored key is removed from the secret store. Usage history stays."
      onConfirm={confirm}
      onCancel={onClose}
    >
      <div data-testid="provider-delete-pruning" aria-live="polite">
        {state.loading && <p className="muted small">Checking the routing rules that name its models…</p>}
        {'error' in state && <p className="field-error">{`Could not check which routing rules name its models: ${state.error}`}</p>}
        {lines.length > 0 && (
          <>
            <p>Routing rules and profiles that name its models change too:</p>
            <ul>
              {lines.map((l) => <li key={l}>{l}</li>)}
            </ul>
          </>
        )}
      </div>
    </ConfirmDialog>
  );
}
