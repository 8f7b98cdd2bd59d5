// What the tray reads from the service and what its menu items do. No Electron here:
// tray.ts passes the clipboard, the window and quit in.
import type { ActivityEntry } from '../shared/activity-types';
import type { AdminService } from '../shared/contract';
import type { TrayActionId, TrayState } from './tray-menu-model';

export const DEFAULT_PROFILE_ID = 'default';

export async function loadTrayState(service: AdminService): Promise<TrayState> {
  const [status, users, credits, providers, failed, settings] = await Promise.all([
    service.getStatus(undefined),
    service.listUsers(undefined),
    service.getCredits({ user_id: DEFAULT_PROFILE_ID }),
    service.listProviders(undefined),
    service.listRequests({ status: 'error', limit: 1 }),
    service.getSettings(undefined),
  ]);
  // the profile's own setting, not the level a budget step-down may be applying right now
  const profile = users.find((u) => u.id === DEFAULT_PROFILE_ID);
  return {
    powerLevel: profile?.power_level ?? null,
    todaySpendUsd: status.today_spend_usd,
    monthSpendUsd: status.month_spend_usd,
    todayUnpricedRequests: status.today_unpriced_requests,
    monthUnpricedRequests: status.month_unpriced_requests,
    monthlyCapUsd: profile?.monthly_cap_usd ?? null,
    defaultSpendUsd: credits.spent_this_month_usd,
    defaultUnpricedRequests: credits.unpriced_requests_this_month,
    paused: status.paused,
    proxyUrl: status.proxy_url,
    notRunning: providers.filter((p) => p.enabled && p.health.status === 'not_running').map((p) => p.name),
    lastError: lastErrorLine(failed.requests[0]),
    launchAtLogin: settings.launch_at_login,
  };
}

/** `14:02 anthropic/claude-sonnet-4-5: rate_limit` */
function lastErrorLine(r: ActivityEntry | undefined): string | null {
  if (!r) return null;
  const time = new Date(r.started_at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${time} ${r.model_id ?? r.requested_model}: ${r.error_kind ?? `HTTP ${r.status}`}`;
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
    case 'toggle-login':
      // the OS login item follows a change made here (login-sync.ts)
      await ctx.service.updateSettings({ launch_at_login: ctx.state.launchAtLogin !== true });
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
