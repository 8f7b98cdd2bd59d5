// One model in the table: inline edits of prices, quality, the API it is called on and enabled, its name,
// context and capabilities in a dialog, every price class in another, where the prices came from (or that they are unknown); delete with a
// confirm that names the routing rules it prunes.
import { useState } from 'react';
import { MODEL_APIS, type Model, type ModelApi, type ModelUpdate } from '../../../shared/types';
import { Badge } from '../../components/badge';
import { Toggle } from '../../components/toggle';
import { toast } from '../../components/toast';
import { formatContextLength, formatInt, formatMs, formatPrice } from '../../lib/format';
import { EditModelDialog } from './edit-model-dialog';
import { InlineNumber } from './inline-number';
import { ModelDeleteDialog } from './model-delete-dialog';
import { useModelsStore } from './models-store';
import { PriceDialog } from './price-dialog';
import { priceSourceLabel } from './price-form';

const quality = (n: number | null) => (n === null ? '—' : String(n));
// shown under an inline field whose text is not a number
const PRICE_HINT = 'A price in dollars per 1M tokens, e.g. 0.5 (empty: unknown)';
const QUALITY_HINT = 'A number from 0 to 100, e.g. 70 (empty: none)';

// short, so the column stays narrow; its header's title names the APIs in full
const API_LABEL: Record<ModelApi, string> = { chat: 'Chat', responses: 'Responses' };

/** `openaiFormat`: the provider speaks OpenAI's APIs, so the model may be served on either */
export function ModelRow({ model: m, openaiFormat }: { model: Model; openaiFormat: boolean }) {
  const update = useModelsStore((st) => st.update);
  const [confirming, setConfirming] = useState(false);
  const [pricing, setPricing] = useState(false);
  const [editing, setEditing] = useState(false);

  const save = async (patch: ModelUpdate): Promise<boolean> => {
    const r = await update(m.id, patch);
    if (!r.ok) toast.bad(`${m.id}: ${r.error.message}`);
    return r.ok;
  };

  return (
    <tr className={m.enabled && m.installed ? undefined : 'row-disabled'}>
      <td>
        <div className="cell-title">{m.model_name}</div>
        <div className="cell-sub">
          <span className="show-narrow">{m.provider_id}</span>
          {m.display_name && m.display_name !== m.model_name && <span className="hide-narrow">{m.display_name}</span>}
          {!m.installed && (
            <Badge tone="warn" title="Its runtime did not list it when last asked (pull or download it there): not routed to until it does">not installed</Badge>
          )}
          {m.remote && (
            <Badge tone="warn" title="Its runtime forwards it to a cloud service (an Ollama cloud model runs on ollama.com): not local for the privacy guard, and billed there">cloud</Badge>
          )}
          {m.price_unknown ? (
            <Badge tone="warn" title="Not ranked on cost; its requests are counted as unpriced, never as $0">price unknown</Badge>
          ) : (
            <span className="price-source">{priceSourceLabel(m)}</span>
          )}
        </div>
      </td>
      <td className="hide-narrow">{m.provider_id}</td>
      <td className="num">
        <InlineNumber value={m.input_cost_per_1m} label={`Input price of ${m.id}`} format={formatPrice} nullable dollars hint={PRICE_HINT} onSave={(n) => save({ input_cost_per_1m: n })} />
      </td>
      <td className="num">
        <InlineNumber value={m.output_cost_per_1m} label={`Output price of ${m.id}`} format={formatPrice} nullable dollars hint={PRICE_HINT} onSave={(n) => save({ output_cost_per_1m: n })} />
      </td>
      <td className="num" title={`${formatInt(m.context_length)} tokens`}>{formatContextLength(m.context_length)}</td>
      <td>
        <div className="chips">
          {m.capabilities.map((c) => (
            <span key={c} className={`chip chip-${c}`}>
              {c}
            </span>
          ))}
        </div>
      </td>
      <td className="hide-narrow">
        {openaiFormat ? (
          <select aria-label={`API of ${m.id}`} value={m.api} onChange={(e) => void save({ api: e.target.value as ModelApi })}>
            {MODEL_APIS.map((a) => (
              <option key={a} value={a}>
                {API_LABEL[a]}
              </option>
            ))}
          </select>
        ) : (
          <span className="muted">native</span>
        )}
      </td>
      <td className="num">
        <InlineNumber value={m.quality} label={`Quality of ${m.id}`} format={quality} nullable integer hint={QUALITY_HINT} onSave={(n) => save({ quality: n })} />
      </td>
      <td className="num hide-narrow">{formatMs(m.avg_latency_ms)}</td>
      <td>
        <Toggle checked={m.enabled} label={`Enable ${m.id}`} onChange={(enabled) => void save({ enabled })} />
      </td>
      <td className="actions-col">
        <div className="row-actions">
          <button type="button" className="btn btn-small" aria-label={`Edit ${m.id}`} onClick={() => setEditing(true)}>
            Edit
          </button>
          {editing && <EditModelDialog model={m} onClose={() => setEditing(false)} />}
          <button type="button" className="btn btn-small" aria-label={`Prices of ${m.id}`} onClick={() => setPricing(true)}>
            Prices
          </button>
          {pricing && <PriceDialog model={m} onClose={() => setPricing(false)} />}
          <button type="button" className="btn btn-small btn-danger-text" aria-label={`Delete ${m.id}`} onClick={() => setConfirming(true)}>
            Delete
          </button>
          {confirming && <ModelDeleteDialog model={m} onClose={() => setConfirming(false)} />}
        </div>
      </td>
    </tr>
  );
}
