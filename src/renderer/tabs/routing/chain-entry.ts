// What an alias's or fallback chain's entry refers to, when that is worth a badge: a model switched off (routing
// skips it), a name that is no model, alias or routing name (a model deleted since, a typo), or a name the server
// refuses where it stands (validate-rules.ts: checkFallbacks, checkAliases): a routing name, or an alias that
// routes by power level, in a fallback chain, or beside other entries in an alias.
import type { Model } from '../../../shared/types';
import { ROUTING_NAMES } from '../../../shared/defaults';
import { aliasRoutingName, isRoutingName } from '../../../shared/routing-names';

export interface ChainEntryNote {
  text: 'disabled' | 'not in catalog' | 'not allowed here';
  title: string;
}

/** Where the entry stands: in an alias or a fallback chain, and how many entries that chain has. */
export interface ChainPlace {
  chain: 'alias' | 'fallback';
  entries: number;
}

export function chainEntryNote(
  entry: string,
  models: readonly Pick<Model, 'id' | 'enabled'>[],
  aliases: Readonly<Record<string, readonly string[]>>,
  place: ChainPlace = { chain: 'alias', entries: 1 },
): ChainEntryNote | null {
  const ref = entry.trim();
  if (ref === '') return null;
  const byLevel = isRoutingName(ref) || aliasRoutingName(ref, aliases) !== undefined;
  const what = isRoutingName(ref) ? `${ref} is a routing name: it routes by power level` : `${ref} routes by power level`;
  if (byLevel && place.chain === 'fallback') {
    return { text: 'not allowed here', title: `${what}: fallback chains name models or aliases of models; the rules are not saved with it` };
  }
  if (byLevel && place.entries > 1) {
    return { text: 'not allowed here', title: `${what}: it must be the alias's only entry; the rules are not saved with it` };
  }
  if (byLevel || Object.hasOwn(aliases, ref)) return null;
  const model = models.find((m) => m.id === ref);
  if (!model) {
    return { text: 'not in catalog', title: `No model, alias or routing name (${ROUTING_NAMES.join(', ')}) is called ${ref}: the rules are not saved with it` };
  }
  return model.enabled ? null : { text: 'disabled', title: `${ref} is switched off in the Models tab: routing skips it` };
}
