// The routing rules: one validated document (power level, strategy, weights, fallbacks, aliases, limits).
import type { AdminService } from '../../shared/contract';
import { applyRoutingRulesPatch } from '../../shared/validate-rules';
import { repositoriesFor } from '../catalog/repos/index';
import type { ServiceContext } from './context';
import { withAdminErrors } from './errors';
import { pruneRemovedAliases } from './model-refs';
import { currentRoutingRules, DEFAULT_PROFILE_ID } from './user-methods';

type RulesMethods = Pick<AdminService, 'getRoutingRules' | 'updateRoutingRules'>;

export function createRoutingRulesMethods(ctx: ServiceContext): RulesMethods {
  const repos = repositoriesFor(ctx.db);
  const current = () => currentRoutingRules(repos);
  return withAdminErrors<RulesMethods>({
    async getRoutingRules() {
      return current();
    },

    updateRoutingRules: (input) => ctx.exclusive(async () => {
      const before = repos.rules.get();
      const next = applyRoutingRulesPatch(before, input, { modelIds: repos.models.ids() });
      const at = ctx.now().toISOString();
      // `auto` routes with the profile's level: a level set here is the Default profile's (the one the tray
      // switches and the Routing tab shows), and where new profiles start; it would do nothing otherwise
      const defaultProfile = repos.users.get(DEFAULT_PROFILE_ID);
      const levelSet = input?.power_level !== undefined && defaultProfile !== undefined && defaultProfile.power_level !== next.power_level;
      ctx.db.transaction(() => {
        repos.rules.save(next, at);
        if (levelSet) repos.users.update({ ...defaultProfile, power_level: next.power_level, updated_at: at });
        pruneRemovedAliases(repos, before, next);
        ctx.audit('routing_rules.update', 'routing_rules', { changed: Object.keys(input ?? {}) });
      })();
      ctx.catalog.refresh();
      return current();
    }),
  });
}
