// createApp(config): opens the data dir and wires storage, secrets, router, recorder, admin
// service and the HTTP server. The desktop main process and `npm run serve` both call it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AdminService } from '../shared/contract';
import { CooldownTracker } from '../core/routing';
import { openDatabase } from './db';
import { createSecretStore, SecretStoreError, type SecretStore } from './secrets';
import { createCatalogStore, loadBundledCatalog, modelCreateFromBundled, priceLookup, repositoriesFor } from './catalog';
import { reportTrafficHealth } from './catalog/traffic-health';
import { UsageRecorder } from './usage/recorder';
import { RESPONSE_RETENTION_DAYS, ResponseStore } from './responses/response-store';
import { createAdminService, createServiceContext } from './service';
import { UpstreamClient } from './http/upstream-client';
import { createProxyServer } from './proxy/server';
import { defaultTokenFile, ensureDataDir, loadAdminToken, writeDefaultToken } from './app-files';

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
  /** longest silence between upstream body chunks before the attempt fails (default 120 s) */
  upstreamIdleTimeoutMs?: number;
  /** largest upstream response body read whole, non-streaming (default 64 MB) */
  maxUpstreamBodyBytes?: number;
  /** time a client has to send its request headers; slow-loris connections are dropped after it (default 15 s) */
  requestHeadersTimeoutMs?: number;
}

export interface SwitchboardApp {
  service: AdminService;
  url: string;
  host: string;
  port: number;
  adminToken: string;
  onChange(fn: () => void): () => void;
  close(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export async function createApp(config: AppConfig): Promise<SwitchboardApp> {
  const env = config.env ?? process.env;
  const log = config.log ?? ((line: string) => console.error(line));
  const host = config.host ?? '127.0.0.1';
  const catalogPath = config.catalogPath ?? join(ROOT, 'resources/catalog.json');
  ensureDataDir(config.dataDir);

  const db = openDatabase(join(config.dataDir, 'switchboard.db'), {
    catalogPath: existsSync(catalogPath) ? catalogPath : null,
    ...(config.sqliteNativeBinding ? { nativeBinding: config.sqliteNativeBinding } : {}),
  });
  let secrets: SecretStore;
  try {
    const installId = repositoriesFor(db).meta.installId();
    secrets = createSecretStore({ dataDir: config.dataDir, encryptionKey: env.SWITCHBOARD_ENCRYPTION_KEY, installId });
    // A key that cannot open an existing secrets file is refused up front (the file stays untouched),
    // rather than every keyed request failing later. A missing keychain is not: keyless local providers still serve.
    if (secrets.kind === 'encrypted-file') {
      const state = await secrets.status();
      if (!state.available) throw new SecretStoreError(state.message ?? 'the encrypted secrets file cannot be read');
    }
  } catch (err) {
    db.close();
    throw err;
  }
  const catalog = createCatalogStore({ db, secrets, env });
  const recorder = new UsageRecorder(db, {
    catalog,
    onError: (e) => log(`usage: write failed (${e.code}): ${e.message}; rows stay queued`),
  });
  const responses = new ResponseStore(db);
  const cooldowns = new CooldownTracker(catalog.snapshot().rules);
  const changeListeners = new Set<() => void>();
  catalog.onChange((s) => {
    cooldowns.updateRules(s.rules);
    for (const fn of changeListeners) fn();
  });

  let port = 0;
  let paused = false;
  // a wildcard bind is reached (and allowed by the Host guard) through loopback
  const urlHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const hostForUrl = urlHost.includes(':') ? `[${urlHost}]` : urlHost;
  const proxyUrl = (): string => `http://${hostForUrl}:${port}`;
  const upstream = new UpstreamClient({ selfPort: () => port });
  const ctx = createServiceContext({ db, secrets, catalog, env, dataDir: config.dataDir, baseUrlProblem: (u) => upstream.urlProblem(u) });
  const bundled = existsSync(catalogPath) ? priceLookup(loadBundledCatalog(catalogPath)) : () => undefined;

  const service = createAdminService({
    ctx,
    recorder,
    ops: {
      upstream,
      lookupModel: (providerId, type, name) => {
        const entry = bundled(type, name);
        return entry ? modelCreateFromBundled(providerId, name, entry) : undefined;
      },
    },
    preview: {
      health: cooldowns,
      monthSpentUsd: (u, now) => recorder.monthSpentUsd(u, now),
      liveCreditBalanceUsd: (p) => recorder.liveCreditBalanceUsd(p),
    },
    status: {
      version: packageVersion(),
      dataDir: config.dataDir,
      proxyUrl,
      secrets,
      todaySpentUsd: () => recorder.todaySpentUsd(),
      monthSpentUsd: (u) => recorder.monthSpentUsd(u),
      isPaused: () => paused,
      setPaused: (p) => {
        if (p !== paused) ctx.audit(p ? 'proxy.pause' : 'proxy.resume', 'proxy');
        paused = p;
        for (const fn of changeListeners) fn();
      },
    },
  });

  if (!existsSync(defaultTokenFile(config.dataDir)) && catalog.profile('default')) {
    const users = await service.listUsers();
    const def = users.find((u) => u.id === 'default');
    if (def && def.tokens.every((t) => t.revoked_at !== null)) {
      const issued = await service.issueToken({ id: 'default', name: 'default' });
      writeDefaultToken(config.dataDir, issued.token);
    }
  }
  const adminToken = config.adminToken ?? loadAdminToken(config.dataDir, env.SWITCHBOARD_ADMIN_TOKEN);

  const server = createProxyServer({
    service,
    adminToken,
    uiDir: config.uiDir ?? null,
    boundHost: host,
    deps: {
      catalog,
      responses,
      usage: recorder,
      // breakers opening and closing also show in each provider's health
      health: reportTrafficHealth(cooldowns, catalog, log),
      upstream,
      isPaused: () => paused,
      log,
      idleTimeoutMs: config.limits?.upstreamIdleTimeoutMs ?? 120_000,
      maxUpstreamBodyBytes: config.limits?.maxUpstreamBodyBytes ?? 64 * 1024 * 1024,
    },
    ...(config.limits?.requestHeadersTimeoutMs ? { headersTimeoutMs: config.limits.requestHeadersTimeoutMs } : {}),
  });
  try {
    port = await server.listen(config.port ?? (await service.getSettings()).proxy_port, host);
  } catch (err) {
    recorder.close();
    catalog.close();
    db.close();
    throw err;
  }

  // raw usage rows older than the retention setting go (daily aggregates stay), and stored responses
  // older than theirs: a minute after start, then every six hours
  const prune = (): void => {
    service.getSettings().then((s) => recorder.prune(s.usage_retention_days)).catch((e) => log(`usage: prune failed: ${String(e)}`));
    try {
      responses.pruneOlderThan(RESPONSE_RETENTION_DAYS, Date.now());
    } catch (e) {
      log(`responses: prune failed: ${String(e)}`);
    }
  };
  const firstPrune = setTimeout(prune, 60_000);
  const retentionTimer = setInterval(prune, 6 * 3600_000);
  firstPrune.unref();
  retentionTimer.unref();

  let closing: Promise<void> | null = null;
  return {
    service,
    url: proxyUrl(),
    host,
    port,
    adminToken,
    onChange(fn) {
      changeListeners.add(fn);
      return () => changeListeners.delete(fn);
    },
    close() {
      closing ??= (async () => {
        clearTimeout(firstPrune);
        clearInterval(retentionTimer);
        await server.close(10_000);
        recorder.close();
        catalog.close();
        await upstream.close().catch(() => undefined);
        db.close();
      })();
      return closing;
    },
  };
}
