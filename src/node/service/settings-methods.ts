// App settings (usage retention, proxy port).
import type { AdminService } from '../../shared/contract';
import { settingsUpdateBody } from '../../shared/validate-admin';
import { repositoriesFor } from '../catalog/repos/index';
import type { ServiceContext } from './context';
import { withAdminErrors } from './errors';

type SettingsMethods = Pick<AdminService, 'getSettings' | 'updateSettings'>;

export function createSettingsMethods(ctx: ServiceContext): SettingsMethods {
  const repos = repositoriesFor(ctx.db);
  return withAdminErrors<SettingsMethods>({
    async getSettings() {
      return repos.settings.get();
    },

    updateSettings: (input) => ctx.exclusive(async () => {
      const patch = settingsUpdateBody(input, '');
      ctx.db.transaction(() => {
        repos.settings.put(patch);
        ctx.audit('settings.update', 'settings', { ...patch });
      })();
      ctx.catalog.refresh();
      return repos.settings.get();
    }),
  });
}
