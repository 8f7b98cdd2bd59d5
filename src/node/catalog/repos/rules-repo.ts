import type { Database } from '../../db/migration';
import type { RoutingRules } from '../../../shared/types';
import { DEFAULT_ROUTING_RULES } from '../../../shared/defaults';
import { parseJson } from './rows';

/** stored rules (the row's JSON) over the defaults, so a field added by a newer build reads as its default */
export function storedRules(json: string | null): RoutingRules {
  const stored = parseJson<Partial<RoutingRules>>(json, {});
  const defaults = structuredClone(DEFAULT_ROUTING_RULES) as RoutingRules;
  return { ...defaults, ...stored, weights: { ...defaults.weights, ...stored.weights } };
}

export function createRulesRepo(db: Database) {
  const one = db.prepare<[], { rules: string }>('SELECT rules FROM routing_rules WHERE id = 1');
  const save = db.prepare<[string, string]>(
    `INSERT INTO routing_rules (id, rules, updated_at) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at`,
  );
  return {
    get: (): RoutingRules => storedRules(one.get()?.rules ?? null),
    save: (rules: RoutingRules, at: string): void => void save.run(JSON.stringify(rules), at),
  };
}
export type RulesRepo = ReturnType<typeof createRulesRepo>;
