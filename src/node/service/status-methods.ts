// App status for the header and the tray: proxy URL, pause switch, secret store, today's spend.
import { readFileSync } from 'node:fs';
import { AdminError, type AdminService } from '../../shared/contract';
import type { AppStatus } from '../../shared/types';
import type { SecretStore } from '../secrets';
import { defaultTokenFile } from '../app-files';

export interface StatusDeps {
  version: string;
  dataDir: string;
  proxyUrl(): string;
  secrets: SecretStore;
  /** every profile's spend today (UTC) */
  todaySpentUsd(): number;
  /** every profile's spend this month (UTC) */
  monthSpentUsd(): number;
  isPaused(): boolean;
  setPaused(paused: boolean, audit: boolean): void;
}

function readDefaultToken(dataDir: string): string | null {
  try {
    return readFileSync(defaultTokenFile(dataDir), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

export function createStatusMethods(deps: StatusDeps): Pick<AdminService, 'getStatus' | 'setProxyPaused'> {
  const getStatus = async (): Promise<AppStatus> => {
    const store = await deps.secrets.status();
    return {
      version: deps.version,
      proxy_url: deps.proxyUrl(),
      paused: deps.isPaused(),
      secret_store: { kind: deps.secrets.kind, available: store.available, message: store.message },
      default_token: readDefaultToken(deps.dataDir),
      today_spend_usd: deps.todaySpentUsd(),
      month_spend_usd: deps.monthSpentUsd(),
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
