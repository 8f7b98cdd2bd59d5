// "Delete this model?" naming what goes with it: the aliases, fallback chains and preferred models that name it
// are removed or shortened in the same step, and adding the model back later does not restore them.
import type { Model } from '../../../shared/types';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { PruningNotice } from '../../components/pruning-notice';
import { toast } from '../../components/toast';
import { deletedMessage } from '../../lib/pruned-refs';
import { useModelsStore } from './models-store';

export function ModelDeleteDialog({ model, onClose }: { model: Model; onClose: () => void }) {
  const remove = useModelsStore((s) => s.remove);
  const previewDelete = useModelsStore((s) => s.previewDelete);

  const confirm = async () => {
    const r = await remove(model.id);
    if (r.ok) toast.ok(deletedMessage(model.id, r.value.pruned));
    else toast.bad(r.error.message);
    onClose();
  };

  return (
    <ConfirmDialog
      open
      title={`Delete ${model.id}?`}
      message="The router stops using it. Discover models (or Add model) can bring the model back later."
      onConfirm={confirm}
      onCancel={onClose}
    >
      <PruningNotice
        id={model.id}
        load={previewDelete}
        subject="it"
        note="Bringing the model back does not bring these back."
        testId="model-delete-pruning"
      />
    </ConfirmDialog>
  );
}
