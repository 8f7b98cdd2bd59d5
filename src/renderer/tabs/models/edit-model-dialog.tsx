// Edit what a model is: display name, context length, max output, quality and capabilities (a discovered
// model outside the bundled table starts as chat only with 8,192 tokens). Prices have their own dialog.
import { useState, type FormEvent } from 'react';
import type { Model } from '../../../shared/types';
import { FormFooter, Modal } from '../../components/modal';
import { toast } from '../../components/toast';
import { errorSlot } from '../../lib/errors';
import { checkDetails, DETAIL_ERROR_FIELD, DetailFields, detailDraftOf, detailPatch, type DetailDraft } from './model-detail-fields';
import { useModelsStore } from './models-store';

export function EditModelDialog({ model: m, onClose }: { model: Model; onClose: () => void }) {
  const update = useModelsStore((s) => s.update);
  const [d, setD] = useState<DetailDraft>(() => detailDraftOf(m));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof DetailDraft>(k: K, v: DetailDraft[K]) => {
    setD((x) => ({ ...x, [k]: v }));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([f]) => f !== DETAIL_ERROR_FIELD[k])));
  };
  const fe = (name: string) => errors[name] ?? null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = checkDetails(d);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const patch = detailPatch(m, d);
    if (Object.keys(patch).length === 0) return onClose();
    setBusy(true);
    const r = await update(m.id, patch);
    setBusy(false);
    if (!r.ok) return setErrors({ [errorSlot(r.error.field, Object.values(DETAIL_ERROR_FIELD))]: r.error.message });
    toast.ok(`Saved ${m.id}`);
    onClose();
  };

  return (
    <Modal
      open
      title={`Edit ${m.id}`}
      onClose={onClose}
      footer={<FormFooter form="edit-model-form" label="Save" busy={busy} onCancel={onClose} />}
    >
      <form id="edit-model-form" className="form-grid" onSubmit={(e) => void submit(e)} noValidate>
        {fe('form') && <div className="error-box span-2" role="alert">{fe('form')}</div>}
        <DetailFields d={d} set={set} fe={fe} />
      </form>
    </Modal>
  );
}
