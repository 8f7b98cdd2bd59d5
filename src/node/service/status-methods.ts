// App status for the header and the tray: proxy URL, pause switch, secret store, today's spend.
import { AdminError, type AdminService } from '../../shared/contract';
import type { AppStatus, DataWarning } from '../../shared/types';
import type { SecretStore } from '../secrets';
import { readDefaultToken } from '../app-files';
import { hashToken } from '../catalog/profile-token';
import { repositoriesFor } from '../catalog/repos/index';
import type { ServiceContext } from './context';
import { DEFAULT_PROFILE_ID } from './user-methods';

export interface StatusDeps {
  version: string;
  dataDir: string;
  proxyUrl(): string;
  secrets: SecretStore;
  /** every profile's spend today (UTC) */
  todaySpentUsd(): number;
  /** every profile's spend this month (UTC) */
  monthSpentUsd(): number;
  /** requests whose cost is unknown, not in the spend figures above (every profile) */
  todayUnpricedRequests(): number;
  monthUnpricedRequests(): number;
  isPaused(): boolean;
  setPaused(paused: boolean, audit: boolean): void;
  /** what the user must know about the data dir (a replaced database, a full disk...) */
  dataWarnings(): DataWarning[];
}

/**
 * `ctx` reads the Default profile's tokens: the file's token is offered for the set-up snippets only while
 * it is one of them and not revoked (a snippet must never carry a token the proxy refuses).
 */
export function createStatusMethods(deps: StatusDeps, ctx: Pick<ServiceContext, 'db'>): Pick<AdminService, 'getStatus' | 'setProxyPaused'> {
  const repos = repositoriesFor(ctx.db);
  const liveDefaultToken = (): string | null => {
    const raw = readDefaultToken(deps.dataDir);
    if (raw === null) return null;
    const hash = hashToken(raw);
    return repos.users.tokens.listOf('default').some((t) => t.token_hash === hash && t.revoked_at === null) ? raw : null;
  };
  const getStatus = async (): Promise<AppStatus> => {
    const store = await deps.secrets.status();
    return {
      version: deps.version,
      proxy_url: deps.proxyUrl(),
      paused: deps.isPaused(),
      secret_store: { kind: deps.secrets.kind, available: store.available, message: store.message },
      default_token: liveDefaultToken(),
      today_spend_usd: deps.todaySpentUsd(),
      month_spend_usd: deps.monthSpentUsd(),
      today_unpriced_requests: deps.todayUnpricedRequests(),
      month_unpriced_requests: deps.monthUnpricedRequests(),
      data_warnings: deps.dataWarnings(),
      // what `auto` routes with (as the rules report it): the Default profile's level, the tray's switch
      power_level: repos.users.get(DEFAULT_PROFILE_ID)?.power_level ?? repos.rules.get().power_level,
    };
  };
  return {
    getStatus,
    async setProxyPaused(input) {
      if (input === null || typeof input !== 'object' || typeof input.paused !== 'boolean') {
        throw new AdminError(400, 'paused must be true or false', 'paused');
      }
      deps.setPaused(input.paused, true);
      return getStatus();
    },
  };
}
