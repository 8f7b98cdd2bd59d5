// What createApp (app.ts) takes: the data dir, where to listen, and the limits tests shorten.
import type { SettleTiming } from './proxy/responses-settler';

export interface AppConfig {
  dataDir: string;
  host?: string;
  /** absent: the proxy_port setting (default 4141) */
  port?: number;
  env?: Record<string, string | undefined>;
  adminToken?: string;
  /** the built renderer to serve over HTTP (headless); null serves no UI */
  uiDir?: string | null;
  log?: (line: string) => void;
  /** the Electron-ABI better-sqlite3 binding (desktop) */
  sqliteNativeBinding?: string;
  /** the bundled catalog (resources/catalog.json) */
  catalogPath?: string;
  /** timeouts and size limits; the defaults suit real use, tests shorten them */
  limits?: AppLimits;
}

export interface AppLimits {
  /** test a provider's connection when it is added, gets a key or moves (default true; tests that count requests to fakes turn it off) */
  testProvidersOnChange?: boolean;
  /** how long in-flight requests may finish at close before their connections are cut (default SERVER_DRAIN_MS, 10 s) */
  shutdownDrainMs?: number;
  /** longest silence between upstream body chunks before the attempt fails (default 120 s) */
  upstreamIdleTimeoutMs?: number;
  /** the same for Ollama and LM Studio, which send a tool call whole once generated (default LOCAL_IDLE_TIMEOUT_MS, 10 min) */
  localIdleTimeoutMs?: number;
  /** largest upstream response body read whole, non-streaming (default 64 MB) */
  maxUpstreamBodyBytes?: number;
  /** time a client has to send its request headers; slow-loris connections are dropped after it (default 15 s) */
  requestHeadersTimeoutMs?: number;
  /** largest single SSE event an upstream may send (default maxUpstreamBodyBytes: an event may hold what a whole answer may) */
  maxSseEventBytes?: number;
  /** most bytes one upstream stream may bring (default 128 MB) */
  maxUpstreamStreamBytes?: number;
  /** largest conversation a Responses previous_response_id may continue, stored turns and new request together (default: the request body limit, 32 MiB) */
  maxConversationBytes?: number;
  /** connections one client address may hold open (default 1024) */
  maxConnectionsPerClient?: number;
  /** time from start to the first daily-backup check (default 60 s) */
  firstBackupDelayMs?: number;
  /** how often idle providers get a light health check, and how long without traffic makes one idle (default 5 min) */
  healthCheckEveryMs?: number;
  /** when Switchboard asks a provider about a pending background response: first, and at most this far apart (default 5 s, 60 s) */
  backgroundSettle?: SettleTiming;
  /** how long thinking a client is shown nothing of holds a translated stream's headers back (failover open), and how far apart keep-alives go after (default 5 s) */
  hiddenThinkingMs?: number;
  /** how long a committed Ollama or LM Studio stream goes silent to its client before a keep-alive (default 10 s) */
  localKeepAliveMs?: number;
}
