// Sorting and filtering of the model table, kept pure so it is unit-tested.
import type { Capability, Model } from '../../../shared/types';

export type SortKey = 'id' | 'provider_id' | 'input_cost_per_1m' | 'output_cost_per_1m' | 'context_length' | 'quality' | 'avg_latency_ms' | 'enabled';
export type SortDir = 'asc' | 'desc';

export interface ModelFilter {
  text: string;
  provider: string;
  capability: Capability | '';
}

export function filterModels(models: readonly Model[], f: ModelFilter): Model[] {
  const needle = f.text.trim().toLowerCase();
  return models.filter(
    (m) =>
      (f.provider === '' || m.provider_id === f.provider) &&
      (f.capability === '' || m.capabilities.includes(f.capability)) &&
      (needle === '' || m.id.toLowerCase().includes(needle) || m.display_name.toLowerCase().includes(needle)),
  );
}

/** Sorts a copy; missing values (null) always go last, whatever the direction. */
export function sortModels(models: readonly Model[], key: SortKey, dir: SortDir): Model[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...models].sort((a, b) => {
    const va = a[key];
    const vb = b[key];
    if (va === null && vb === null) return a.id.localeCompare(b.id);
    if (va === null) return 1;
    if (vb === null) return -1;
    let cmp: number;
    if (typeof va === 'string' && typeof vb === 'string') cmp = va.localeCompare(vb);
    else cmp = Number(va) - Number(vb);
    return cmp === 0 ? a.id.localeCompare(b.id) : sign * cmp;
  });
}

/** Clicking the current column flips it; a new column starts ascending. */
export function nextSort(current: { key: SortKey; dir: SortDir }, clicked: SortKey): { key: SortKey; dir: SortDir } {
  if (current.key === clicked) return { key: clicked, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key: clicked, dir: 'asc' };
}
