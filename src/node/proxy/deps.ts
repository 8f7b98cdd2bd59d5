// What the proxy needs from the rest of the app, as narrow structural interfaces.
import type { CatalogSnapshot, ProfileEntry } from '../../core/catalog';
import type { UpstreamErrorKind } from '../../core/canonical';
import type { UsageRecord } from '../../core/usage-record';
import type { UpstreamClient } from '../http/upstream-client';

export interface ProxyCatalog {
  snapshot(): CatalogSnapshot;
  profile(userId: string): ProfileEntry | undefined;
  resolveToken(raw: string): { userId: string; tokenId: string } | null;
  /** throws KeyUnavailableError when a stored key cannot be read within `waitMs` */
  providerKey(providerId: string, userId?: string, waitMs?: number): Promise<string | undefined>;
  recordLatency(modelId: string, ms: number): void;
}

export interface ProxyUsage {
  record(r: UsageRecord): void;
  monthSpentUsd(userId: string, now: number): number;
  /** the profile's credit balance after spending not yet in the snapshot */
  liveCreditBalanceUsd(profile: { id: string; creditBalanceUsd: number | null }): number | null;
}

export interface ProxyHealth {
  isCoolingDown(modelId: string, providerId: string, now: number): boolean;
  /** claims the half-open probe of a cooled-down model, if there is one */
  beginAttempt(modelId: string, providerId: string, now: number): void;
  recordFailure(modelId: string, providerId: string, kind: UpstreamErrorKind, now: number, retryAfterMs?: number): void;
  recordSuccess(modelId: string, providerId: string, now: number): void;
}

export interface ProxyDeps {
  catalog: ProxyCatalog;
  usage: ProxyUsage;
  health: ProxyHealth;
  upstream: UpstreamClient;
  isPaused(): boolean;
  log(line: string): void;
  /** longest silence between upstream stream chunks */
  idleTimeoutMs: number;
  /** largest upstream response body we read whole (non-streaming) */
  maxUpstreamBodyBytes: number;
}
