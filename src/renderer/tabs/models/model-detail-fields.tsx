// What a model is, beyond its prices: display name, context length, max output, quality, capabilities and whether it
// runs on another host (a cloud model of a local runtime). The Add model and Edit model dialogs share these fields
// and their checks.
import { CAPABILITIES, type Capability, type Model, type ModelUpdate } from '../../../shared/types';
import { Field } from '../../components/field';
import { readDecimal } from '../../lib/decimal';

export interface DetailDraft {
  display_name: string;
  context: string;
  /** empty = not known */
  max_output: string;
  /** empty = unknown */
  quality: string;
  capabilities: Capability[];
  /** its runtime forwards it elsewhere (an Ollama cloud model): never local for the privacy guard */
  remote: boolean;
}

/** The API's field name for each draft field (where its errors are reported). */
export const DETAIL_ERROR_FIELD: Record<keyof DetailDraft, string> = {
  display_name: 'display_name', context: 'context_length', max_output: 'max_output_tokens', quality: 'quality', capabilities: 'capabilities', remote: 'remote',
};

const wholeTokens = (s: string): boolean => {
  const n = readDecimal(s);
  return n !== null && Number.isInteger(n) && n > 0;
};
// NaN for what is not a decimal, which the checks refuse
const orNull = (s: string): number | null => (s.trim() === '' ? null : (readDecimal(s) ?? NaN));

export function checkDetails(d: DetailDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!wholeTokens(d.context)) errors.context_length = 'A whole number of tokens';
  if (d.max_output.trim() !== '' && !wholeTokens(d.max_output)) errors.max_output_tokens = 'A whole number of tokens, or empty if not known';
  const quality = orNull(d.quality);
  if (quality !== null && !(quality >= 0 && quality <= 100)) errors.quality = 'Between 0 and 100';
  return errors;
}

export const detailDraftOf = (m: Model): DetailDraft => ({
  display_name: m.display_name,
  context: String(m.context_length),
  max_output: m.max_output_tokens === null ? '' : String(m.max_output_tokens),
  quality: m.quality === null ? '' : String(m.quality),
  capabilities: [...m.capabilities],
  remote: m.remote === true,
});

/** The fields of a checked draft as the API takes them. */
export const detailValues = (d: DetailDraft) => ({
  display_name: d.display_name.trim(),
  context_length: Number(d.context),
  max_output_tokens: orNull(d.max_output),
  quality: orNull(d.quality),
  capabilities: d.capabilities,
  remote: d.remote,
});

/** Only what differs from the model: a field left alone is not sent back (the catalog may have changed it since). */
export function detailPatch(m: Model, d: DetailDraft): ModelUpdate {
  const v = detailValues(d);
  const patch: ModelUpdate = {};
  // an emptied display name goes back to the model's name, which is what the server shows without one
  const name = v.display_name || m.model_name;
  if (name !== m.display_name) patch.display_name = name;
  if (v.context_length !== m.context_length) patch.context_length = v.context_length;
  if (v.max_output_tokens !== m.max_output_tokens) patch.max_output_tokens = v.max_output_tokens;
  if (v.quality !== m.quality) patch.quality = v.quality;
  const sameCaps = v.capabilities.length === m.capabilities.length && v.capabilities.every((c) => m.capabilities.includes(c));
  if (!sameCaps) patch.capabilities = CAPABILITIES.filter((c) => v.capabilities.includes(c));
  if (v.remote !== (m.remote === true)) patch.remote = v.remote;
  return patch;
}

export type DetailSetter = <K extends keyof DetailDraft>(k: K, v: DetailDraft[K]) => void;

export function DetailFields({ d, set, fe }: {
  d: DetailDraft;
  set: DetailSetter;
  fe: (field: string) => string | null;
}) {
  const toggleCap = (c: Capability) =>
    set('capabilities', d.capabilities.includes(c) ? d.capabilities.filter((x) => x !== c) : [...d.capabilities, c]);
  return (
    <>
      <Field label="Display name" error={fe('display_name')} className="span-2">
        {(id, db) => <input id={id} aria-describedby={db} value={d.display_name} onChange={(e) => set('display_name', e.target.value)} />}
      </Field>
      <Field label="Context length" error={fe('context_length')} hint="Tokens in and out; longer requests skip the model.">
        {(id, db) => <input id={id} aria-describedby={db} inputMode="numeric" value={d.context} onChange={(e) => set('context', e.target.value)} />}
      </Field>
      <Field label="Max output tokens" error={fe('max_output_tokens')} hint="Empty = not known.">
        {(id, db) => <input id={id} aria-describedby={db} inputMode="numeric" value={d.max_output} onChange={(e) => set('max_output', e.target.value)} />}
      </Field>
      <Field label="Quality (0-100)" error={fe('quality')} hint="Empty = unknown.">
        {(id, db) => <input id={id} aria-describedby={db} inputMode="numeric" value={d.quality} onChange={(e) => set('quality', e.target.value)} />}
      </Field>
      <fieldset className="span-2 checkbox-group">
        <legend>Capabilities</legend>
        {CAPABILITIES.map((c) => (
          <label key={c} className="checkbox">
            <input type="checkbox" checked={d.capabilities.includes(c)} onChange={() => toggleCap(c)} />
            {c}
          </label>
        ))}
        <div className="field-hint">A request that needs one (tools, images, JSON, …) skips models without it.</div>
        {fe('capabilities') && <div className="field-error">{fe('capabilities')}</div>}
      </fieldset>
      <div className="span-2">
        <label className="checkbox">
          <input type="checkbox" checked={d.remote} onChange={(e) => set('remote', e.target.checked)} />
          Runs on another host (cloud)
        </label>
        <div className="field-hint">
          Its runtime forwards its prompts elsewhere, as Ollama does with its cloud models (ollama.com runs and bills them): never
          sent a request the privacy guard keeps on this machine. Set by itself when Ollama says so.
        </div>
        {fe('remote') && <div className="field-error">{fe('remote')}</div>}
      </div>
    </>
  );
}
