// The launch-at-login setting lives with the other settings (so the UI and the tray show and change it);
// this keeps the OS in step with it. Unset, it means "on" for the installed app and "off" for a checkout.
import type { AdminService } from '../shared/contract';
import type { LoginItem } from './login-item';

export async function syncLoginItem(service: Pick<AdminService, 'getSettings' | 'updateSettings'>, item: LoginItem, isPackaged: boolean): Promise<void> {
  let wanted = (await service.getSettings(undefined)).launch_at_login;
  if (wanted === null) {
    // a developer's `npm start` must not register a checkout to start at every login
    if (!isPackaged) return;
    wanted = (await service.updateSettings({ launch_at_login: true })).launch_at_login;
  }
  if (wanted !== null && item.get() !== wanted) item.set(wanted);
}
