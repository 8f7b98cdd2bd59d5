// App settings (usage retention, proxy port).
import type { AdminService } from '../../shared/contract';
import { BODY_CAPTURE_MAX_DAYS } from '../../shared/defaults';
import { settingsUpdateBody } from '../../shared/validate-admin';
import { repositoriesFor } from '../catalog/repos/index';
import type { ServiceContext } from './context';
import { badRequest, withAdminErrors } from './errors';

type SettingsMethods = Pick<AdminService, 'getSettings' | 'updateSettings'>;

export function createSettingsMethods(ctx: ServiceContext): SettingsMethods {
  const repos = repositoriesFor(ctx.db);
  return withAdminErrors<SettingsMethods>({
    async getSettings() {
      return repos.settings.get();
    },

    updateSettings: (input) => ctx.exclusive(async () => {
      const patch = settingsUpdateBody(input, '');
      const until = patch.body_capture_until;
      if (until && Date.parse(until) > ctx.now().getTime() + BODY_CAPTURE_MAX_DAYS * 86_400_000) {
        throw badRequest(`body capture runs for at most ${BODY_CAPTURE_MAX_DAYS} days at a time`, 'body_capture_until');
      }
      ctx.db.transaction(() => {
        repos.settings.put(patch);
        ctx.audit('settings.update', 'settings', { ...patch });
      })();
      ctx.catalog.refresh();
      return repos.settings.get();
    }),
  });
}
