// The routing rules: one validated document (power level, strategy, weights, fallbacks, aliases, limits).
import type { AdminService } from '../../shared/contract';
import { applyRoutingRulesPatch } from '../../shared/validate-rules';
import { repositoriesFor } from '../catalog/repos/index';
import type { ServiceContext } from './context';
import { withAdminErrors } from './errors';

type RulesMethods = Pick<AdminService, 'getRoutingRules' | 'updateRoutingRules'>;

export function createRoutingRulesMethods(ctx: ServiceContext): RulesMethods {
  const repos = repositoriesFor(ctx.db);
  return withAdminErrors<RulesMethods>({
    async getRoutingRules() {
      return repos.rules.get();
    },

    updateRoutingRules: (input) => ctx.exclusive(async () => {
      const next = applyRoutingRulesPatch(repos.rules.get(), input, { modelIds: repos.models.ids() });
      ctx.db.transaction(() => {
        repos.rules.save(next, ctx.now().toISOString());
        ctx.audit('routing_rules.update', 'routing_rules', { changed: Object.keys(input ?? {}) });
      })();
      ctx.catalog.refresh();
      return repos.rules.get();
    }),
  });
}
