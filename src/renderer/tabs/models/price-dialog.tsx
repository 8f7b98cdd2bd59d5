// Edit a model's price per token class and its long-context tiers. Empty means unknown (input, output)
// or not published (cache classes: billed at the input rate, and each usage row says so).
import { useState, type FormEvent } from 'react';
import type { Model } from '../../../shared/types';
import { FormFooter, Modal } from '../../components/modal';
import { toast } from '../../components/toast';
import { CLASSES, draftOf, emptyTier, isFormError, pricePatch, pricesOf, priceSourceLabel, type ClassDraft, type PriceDraft, type PriceFormError } from './price-form';
import { runsFree } from './free-runtime';
import { useModelsStore } from './models-store';

function ClassInputs({ draft, prefix, label, error, onChange }: {
  draft: ClassDraft;
  prefix: string;
  label: string;
  error: PriceFormError | null;
  onChange: (k: keyof ClassDraft, v: string) => void;
}) {
  return (
    <>
      {CLASSES.map(([k, name]) => {
        const field = prefix + k;
        return (
          <td key={k}>
            <input
              className={error?.field === field ? 'inline-input invalid' : 'inline-input'}
              // text, not type=number: a number input reports what it cannot read (1e, --2) as empty, which here means unknown
              inputMode="decimal" placeholder="—"
              aria-label={`${name} $ per 1M tokens, ${label}`}
              aria-invalid={error?.field === field}
              value={draft[k]}
              onChange={(e) => onChange(k, e.target.value)}
            />
          </td>
        );
      })}
    </>
  );
}

export function PriceDialog({ model: m, onClose }: { model: Model; onClose: () => void }) {
  const update = useModelsStore((s) => s.update);
  const provider = useModelsStore((s) => s.providers.find((p) => p.id === m.provider_id));
  // a runtime's cloud model (Ollama's -cloud) is billed by the cloud it runs on
  const free = provider !== undefined && runsFree(provider) && !m.remote;
  const [d, setD] = useState<PriceDraft>(() => draftOf(m));
  const [error, setError] = useState<PriceFormError | null>(null);
  const [busy, setBusy] = useState(false);

  const setBase = (k: keyof ClassDraft, v: string) => setD((x) => ({ ...x, base: { ...x.base, [k]: v } }));
  const setTier = (i: number, k: string, v: string) =>
    setD((x) => ({ ...x, tiers: x.tiers.map((t, j) => (j === i ? { ...t, [k]: v } : t)) }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next = pricesOf(d);
    if (isFormError(next)) return setError(next);
    const patch = pricePatch(m, next);
    if (Object.keys(patch).length === 0) return onClose();
    setBusy(true);
    const r = await update(m.id, patch);
    setBusy(false);
    if (!r.ok) return setError({ field: r.error.field ?? '', message: r.error.message });
    toast.ok(`Prices of ${m.id} saved`);
    onClose();
  };

  return (
    <Modal
      open wide
      title={`Prices of ${m.id}`}
      onClose={onClose}
      footer={<FormFooter form="price-form" label="Save prices" busy={busy} onCancel={onClose} />}
    >
      <form id="price-form" onSubmit={(e) => void submit(e)}>
        <p className="muted" data-testid="price-help">
          USD per million tokens.{' '}
          {free
            ? `${provider?.name ?? m.provider_id} is a local runtime, where running costs nothing: an empty input or output price is saved as $0.`
            : 'Empty input or output means the price is unknown: the model is then not ranked on cost and its requests are counted as unpriced, never as $0.'}{' '}
          An empty cache price bills those tokens at the input rate.
          {priceSourceLabel(m) && <> Now: <strong data-testid="price-source">{priceSourceLabel(m)}</strong>.</>}
        </p>
        {error && <div className="error-box" role="alert">{error.field ? `${error.field}: ` : ''}{error.message}</div>}
        <div className="table-wrap">
          <table className="table table-prices">
            <thead>
              <tr>
                <th scope="col">Prompt size</th>
                {CLASSES.map(([k, name]) => <th key={k} scope="col">{name}</th>)}
                <th scope="col"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">Standard</th>
                <ClassInputs draft={d.base} prefix="" label="standard" error={error} onChange={setBase} />
                <td />
              </tr>
              {d.tiers.map((t, i) => (
                <tr key={i}>
                  <th scope="row">
                    <label className="tier-threshold">
                      above{' '}
                      <input
                        className={error?.field === `long_context_tiers[${i}].above_prompt_tokens` ? 'inline-input invalid' : 'inline-input'}
                        type="number" min="1" step="1" aria-label={`Tier ${i + 1} threshold in prompt tokens`}
                        value={t.above_prompt_tokens} onChange={(e) => setTier(i, 'above_prompt_tokens', e.target.value)}
                      />
                    </label>
                  </th>
                  <ClassInputs draft={t} prefix={`long_context_tiers[${i}].`} label={`tier ${i + 1}`} error={error} onChange={(k, v) => setTier(i, k, v)} />
                  <td>
                    <button type="button" className="btn btn-small btn-danger-text" aria-label={`Remove tier ${i + 1}`}
                      onClick={() => setD((x) => ({ ...x, tiers: x.tiers.filter((_, j) => j !== i) }))}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <button type="button" className="btn btn-small" onClick={() => setD((x) => ({ ...x, tiers: [...x.tiers, emptyTier()] }))}>
          Add long-context tier
        </button>
      </form>
    </Modal>
  );
}
