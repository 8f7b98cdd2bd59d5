// What an alias's or fallback chain's entry refers to, when that is worth a badge: a model switched off (routing
// skips it) or a name that is no model, alias or routing name (a model deleted since, a typo).
import type { Model } from '../../../shared/types';
import { isRoutingName } from '../../../shared/routing-names';

export interface ChainEntryNote {
  text: 'disabled' | 'not in catalog';
  title: string;
}

export function chainEntryNote(entry: string, models: readonly Pick<Model, 'id' | 'enabled'>[], aliasNames: readonly string[]): ChainEntryNote | null {
  const ref = entry.trim();
  if (ref === '' || isRoutingName(ref) || aliasNames.includes(ref)) return null;
  const model = models.find((m) => m.id === ref);
  if (!model) return { text: 'not in catalog', title: `No model, alias or routing name is called ${ref}: the rules are not saved with it` };
  return model.enabled ? null : { text: 'disabled', title: `${ref} is switched off in the Models tab: routing skips it` };
}
