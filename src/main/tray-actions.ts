// What the tray reads from the service and what its menu items do. No Electron here:
// tray.ts passes the clipboard, the window and quit in.
import type { AdminService } from '../shared/contract';
import type { TrayActionId, TrayState } from './tray-menu-model';

export const DEFAULT_PROFILE_ID = 'default';

export async function loadTrayState(service: AdminService): Promise<TrayState> {
  const [status, users] = await Promise.all([service.getStatus(undefined), service.listUsers(undefined)]);
  // the profile's own setting, not the level a budget step-down may be applying right now
  const profile = users.find((u) => u.id === DEFAULT_PROFILE_ID);
  return {
    powerLevel: profile?.power_level ?? null,
    todaySpendUsd: status.today_spend_usd,
    monthSpendUsd: status.month_spend_usd,
    todayUnpricedRequests: status.today_unpriced_requests,
    monthUnpricedRequests: status.month_unpriced_requests,
    monthlyCapUsd: profile?.monthly_cap_usd ?? null,
    paused: status.paused,
    proxyUrl: status.proxy_url,
  };
}

export interface TrayActionContext {
  service: AdminService;
  state: TrayState;
  copyText: (text: string) => void;
  openWindow: () => void;
  quit: () => void;
}

/** Runs one menu action; the caller refreshes the menu afterwards, whatever happened. */
export async function runTrayAction(id: TrayActionId, ctx: TrayActionContext): Promise<void> {
  switch (id) {
    case 'power:eco':
    case 'power:balanced':
    case 'power:precision': {
      const level = id.slice('power:'.length) as 'eco' | 'balanced' | 'precision';
      await ctx.service.updateUser({ id: DEFAULT_PROFILE_ID, patch: { power_level: level } });
      return;
    }
    case 'toggle-pause':
      await ctx.service.setProxyPaused({ paused: !ctx.state.paused });
      return;
    case 'copy-url':
      if (ctx.state.proxyUrl) ctx.copyText(ctx.state.proxyUrl);
      return;
    case 'open':
      ctx.openWindow();
      return;
    case 'quit':
      ctx.quit();
      return;
  }
}
