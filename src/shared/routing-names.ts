// Names a client may send that route by power level rather than name a model: the routing names
// themselves, and aliases that stand for one of them.
import { ROUTING_NAMES } from './defaults';

export type RoutingName = (typeof ROUTING_NAMES)[number];

export const isRoutingName = (name: string): name is RoutingName => (ROUTING_NAMES as readonly string[]).includes(name);

/** aliases of aliases deeper than this are not followed (the rules refuse loops anyway) */
const MAX_ALIAS_HOPS = 8;

/**
 * The routing name an alias stands for: its one entry, or the routing name of its one entry, through
 * aliases of one entry each. undefined for anything else (a chain of models, an unknown name).
 */
export function aliasRoutingName(name: string, aliases: Readonly<Record<string, readonly string[]>>): RoutingName | undefined {
  let cur = name;
  for (let hop = 0; hop < MAX_ALIAS_HOPS && Object.hasOwn(aliases, cur); hop++) {
    const targets = aliases[cur] as readonly string[];
    if (targets.length !== 1) return undefined;
    cur = targets[0] as string;
    if (isRoutingName(cur)) return cur;
  }
  return undefined;
}
