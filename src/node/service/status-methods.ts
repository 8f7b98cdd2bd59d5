// App status for the header and the tray: proxy URL, pause switch, secret store, today's spend.
import { AdminError, type AdminService } from '../../shared/contract';
import type { AppStatus, DataWarning } from '../../shared/types';
import { NO_KEYCHAIN_HELP, type SecretStore, type SecretStoreStatus } from '../secrets';
import { redactSecrets } from '../../core/redact';
import { repositoriesFor } from '../catalog/repos/index';
import type { ServiceContext } from './context';
import { liveFileToken } from './default-token-file';
import { DEFAULT_PROFILE_ID } from './user-methods';

export interface StatusDeps {
  version: string;
  dataDir: string;
  proxyUrl(): string;
  secrets: SecretStore;
  /** why keys the catalog refers to cannot be read from the store (a locked keychain), or null */
  keysUnreadable?(): string | null;
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
 * The store's own probe, unless a stored key itself could not be read: a locked Secret Service answers the
 * probe's unknown name with "no such item", and only an item it holds asks for the unlock.
 */
async function secretStoreStatus(deps: StatusDeps): Promise<SecretStoreStatus> {
  const store = await deps.secrets.status();
  const unreadable = store.available ? deps.keysUnreadable?.() ?? null : null;
  if (unreadable === null) return store;
  const why = redactSecrets(unreadable);
  return {
    available: false,
    message: deps.secrets.kind === 'keychain'
      ? `Stored keys cannot be read from the OS keychain; providers that need them fail until it is unlocked. ${why}${why.includes(NO_KEYCHAIN_HELP) ? '' : ` ${NO_KEYCHAIN_HELP}`}`
      : `Stored keys cannot be read from the encrypted secrets file; providers that need them fail until it can be. ${why}`,
  };
}

/**
 * `ctx` reads the Default profile's tokens: the file's token is offered for the set-up snippets only while
 * it is one of them and not revoked (a snippet must never carry a token the proxy refuses).
 */
export function createStatusMethods(deps: StatusDeps, ctx: Pick<ServiceContext, 'db'>): Pick<AdminService, 'getStatus' | 'setProxyPaused'> {
  const repos = repositoriesFor(ctx.db);
  const liveDefaultToken = (): string | null => liveFileToken(deps.dataDir, repos.users.tokens.listOf(DEFAULT_PROFILE_ID));
  const getStatus = async (): Promise<AppStatus> => {
    const store = await secretStoreStatus(deps);
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
