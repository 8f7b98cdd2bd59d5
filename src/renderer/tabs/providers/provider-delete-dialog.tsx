// "Delete this provider?" naming what goes with it: the fallback chains, aliases and preferred models that
// name its models are removed or shortened in the same step, and the user should know before, not after.
import type { Provider } from '../../../shared/types';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { PruningNotice } from '../../components/pruning-notice';
import { toast } from '../../components/toast';
import { deletedMessage } from '../../lib/pruned-refs';
import { useProvidersStore } from './providers-store';

export function ProviderDeleteDialog({ provider, onClose }: { provider: Provider; onClose: () => void }) {
  const remove = useProvidersStore((s) => s.remove);
  const previewDelete = useProvidersStore((s) => s.previewDelete);

  const confirm = async () => {
    const r = await remove(provider.id);
    if (r.ok) toast.ok(deletedMessage(provider.name, r.value.pruned));
    else toast.bad(r.error.message);
    onClose();
  };

  return (
    <ConfirmDialog
      open
      title={`Delete ${provider.name}?`}
      message="Its models leave the catalog and its stored key is removed from the secret store. Usage history stays."
      onConfirm={confirm}
      onCancel={onClose}
    >
      <PruningNotice id={provider.id} load={previewDelete} subject="its models" testId="provider-delete-pruning" />
    </ConfirmDialog>
  );
}
