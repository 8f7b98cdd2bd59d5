import type { Database } from '../../db/migration';
import type { RoutingRules } from '../../../shared/types';
import { DEFAULT_ROUTING_RULES } from '../../../shared/defaults';
import { parseJson } from './rows';

export function createRulesRepo(db: Database) {
  const one = db.prepare<[], { rules: string }>('SELECT rules FROM routing_rules WHERE id = 1');
  const save = db.prepare<[string, string]>(
    `INSERT INTO routing_rules (id, rules, updated_at) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at`,
  );
  return {
    /** stored rules over the defaults, so a field added by a newer build reads as its default */
    get(): RoutingRules {
      const stored = parseJson<Partial<RoutingRules>>(one.get()?.rules ?? null, {});
      const defaults = structuredClone(DEFAULT_ROUTING_RULES) as RoutingRules;
      return { ...defaults, ...stored, weights: { ...defaults.weights, ...stored.weights } };
    },
    save: (rules: RoutingRules, at: string): void => void save.run(JSON.stringify(rules), at),
  };
}
export type RulesRepo = ReturnType<typeof createRulesRepo>;
