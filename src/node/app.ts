// createApp(config): opens the data dir and wires storage, secrets, router, recorder, admin
// service and the HTTP server. The desktop main process and `npm run serve` both call it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AdminService } from '../shared/contract';
import { CooldownTracker } from '../core/routing';
import { logSafe } from '../core/log-safe';
import { databaseLockProblem, openAppDatabase, removeLeftoverBackupTemps, type Database } from './db';
import { createSecretStore, envVarsHoldingTokens, SecretStoreError, type SecretStore } from './secrets';
import { lockDataDir } from './data-dir/data-dir-lock';
import { closeDataDirFiles } from './data-dir/owner-only';
import {
  bundledModelLookup, createCatalogStore, loadBundledCatalog, refreshBundledPrices, repositoriesFor, type BundledCatalog,
} from './catalog';
import { reportTrafficHealth } from './catalog/traffic-health';
import { redactSecrets } from '../core/redact';
import { sweepAfterStoreSwitch } from './catalog/secret-store-switch';
import { ProviderWatch, watchedHealth } from './health/provider-watch';
import { UsageRecorder } from './usage/recorder';
import { RESPONSE_RETENTION_DAYS, ResponseStore, lostMessage, type HeldResponse, type StoredResponse } from './responses/response-store';
import { createAdminService, createServiceContext, localModelLister } from './service';
import { createUsageCsvStream } from './service/usage-methods';
import { UpstreamClient } from './http/upstream-client';
import { createProxyServer } from './proxy/server';
import { InFlightCosts } from './proxy/in-flight';
import { BackgroundSettler, type SettleTiming } from './proxy/responses-settler';
import { forgetAtProviders } from './proxy/responses-forget';
import { forgetAnswerOfGoneProfile } from './proxy/responses-handler';
import { LOCAL_IDLE_TIMEOUT_MS, type ProxyDeps } from './proxy/deps';
import { ThoughtSignatures } from './proxy/thought-signatures';
import { ReasoningMakers } from './proxy/reasoning-makers';
import { ConversationAffinity } from './proxy/conversation-affinity';
import { MAX_BODY_BYTES } from './proxy/v1-routes';
import { loadAdminToken, loadThinkingKey, removeLeftoverSecretTemps } from './app-files';
import { settleDefaultTokenFile, type DefaultTokenFileState } from './service/default-token-file';
import { checkDataDir } from './data-dir/check-data-dir';
import { DataWarnings } from './data-dir/data-warnings';
import { scheduleBackups } from './data-dir/backup-schedule';
import { SERVER_DRAIN_MS } from './drain';

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

export interface SwitchboardApp {
  service: AdminService;
  url: string;
  host: string;
  port: number;
  adminToken: string;
  /** what start found in DATA_DIR/default-token, and did about it (service/default-token-file.ts) */
  defaultTokenFile: DefaultTokenFileState;
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

/** The bundled table; the first start of a build with newer prices re-prices the models the user never edited. */
function applyBundledPrices(db: Database, catalogPath: string, log: (line: string) => void): BundledCatalog | null {
  if (!existsSync(catalogPath)) return null;
  const catalog = loadBundledCatalog(catalogPath);
  const repriced = refreshBundledPrices(db, catalog, new Date());
  if (repriced.length > 0) log(`catalog: bundled prices version ${catalog.prices_version} applied to ${repriced.length} model(s)`);
  return catalog;
}

export async function createApp(config: AppConfig): Promise<SwitchboardApp> {
  const env = config.env ?? process.env;
  const log = config.log ?? ((line: string) => console.error(line));
  const tokensInEnv = envVarsHoldingTokens(env);
  if (tokensInEnv.length > 0) {
    log(`keys: ${tokensInEnv.join(', ')} hold${tokensInEnv.length === 1 ? 's' : ''} a Switchboard token, not a provider key: ignored (set it only in the shell you run your tools from)`);
  }
  const host = config.host ?? '127.0.0.1';
  const catalogPath = config.catalogPath ?? join(ROOT, 'resources/catalog.json');
  // refused here (named path, cause and fix) rather than failing later on every write
  checkDataDir(config.dataDir, { uid: typeof process.getuid === 'function' ? process.getuid() : undefined });
  // the tokens, keys and journal as the database: its owner's alone, even restored from a backup at 0644
  closeDataDirFiles(config.dataDir, { warn: log });
  // before anything reads the data dir: a second instance must not replay the first's usage journal
  const unlock = lockDataDir(config.dataDir);
  // locked: no other instance is between writing one and renaming it
  const leftovers = removeLeftoverSecretTemps(config.dataDir);
  if (leftovers.length > 0) log(`data dir: removed ${leftovers.join(', ')}, left by a write a crash cut short`);
  const backupTemps = removeLeftoverBackupTemps(config.dataDir);
  if (backupTemps.length > 0) log(`backups: removed ${backupTemps.join(', ')}, left by a backup a crash cut short`);

  const dbFile = join(config.dataDir, 'switchboard.db');
  let opened: ReturnType<typeof openAppDatabase>;
  try {
    opened = openAppDatabase(dbFile, {
      catalogPath: existsSync(catalogPath) ? catalogPath : null,
      ...(config.sqliteNativeBinding ? { nativeBinding: config.sqliteNativeBinding } : {}),
    });
  } catch (err) {
    unlock();
    throw err;
  }
  const { db, replaced } = opened;
  let secrets: SecretStore;
  let bundledCatalog: BundledCatalog | null;
  try {
    bundledCatalog = applyBundledPrices(db, catalogPath, log);
    const installId = repositoriesFor(db).meta.installId();
    secrets = createSecretStore({ dataDir: config.dataDir, encryptionKey: env.SWITCHBOARD_ENCRYPTION_KEY, installId });
    // A key that cannot open an existing secrets file is refused up front (the file stays untouched),
    // rather than every keyed request failing later. A missing keychain is not: keyless local providers still serve.
    if (secrets.kind === 'encrypted-file') {
      const state = await secrets.status();
      if (!state.available) throw new SecretStoreError(state.message ?? 'the encrypted secrets file cannot be read');
    } else if (existsSync(join(config.dataDir, 'secrets.enc'))) {
      log(`secrets: ${join(config.dataDir, 'secrets.enc')} holds keys, but SWITCHBOARD_ENCRYPTION_KEY is not set: using the OS keychain, where those keys are not; set the variable to use them`);
    }
    await sweepAfterStoreSwitch(db, secrets, log);
  } catch (err) {
    db.close();
    unlock();
    throw err;
  }
  const catalog = createCatalogStore({
    db, secrets, env,
    // the store's status cannot see a locked keychain until a stored key is read: say it when that read fails
    onKeysUnreadable: (reason) => log(reason === null
      ? 'secrets: stored keys can be read again'
      : `secrets: stored keys cannot be read; providers that need them fail until ${secrets.kind === 'keychain' ? 'the OS keychain is unlocked' : 'the file can be read'}: ${redactSecrets(reason)}`),
  });
  const recorder = new UsageRecorder(db, {
    catalog,
    journalFile: join(config.dataDir, 'usage-journal.jsonl'),
    onError: (e) => log(`usage: write failed (${e.code}): ${e.message}; rows stay queued`),
  });
  if (recorder.replayed > 0) log(`usage: ${recorder.replayed} row(s) the last run had not written yet were recovered from the journal`);
  const warnings = new DataWarnings(config.dataDir, log, () => recorder.refusal(), () => databaseLockProblem(db, dbFile));
  if (replaced) warnings.databaseReplaced(dbFile, replaced);
  // late-bound: a response whose profile went while it waited for the lock is deleted at its provider with the proxy's deps
  let profileGone = (_r: StoredResponse): void => undefined;
  const responses = new ResponseStore(db, {
    onLost: (id, e, deleted) => log(lostMessage(logSafe(id), e, deleted)),
    onProfileGone: (r) => profileGone(r),
  });
  const cooldowns = new CooldownTracker(catalog.snapshot().rules);
  // late-bound: the watch's idle checks run the service's connection test
  let testProvider: (providerId: string) => Promise<unknown> = async () => undefined;
  let listLocal: (providerId: string) => Promise<unknown> = async () => undefined;
  const repos = repositoriesFor(db);
  const watch = new ProviderWatch({
    catalog,
    test: (id) => testProvider(id),
    list: (id) => listLocal(id),
    initiallyDown: repos.health.list().filter((h) => h.status === 'not_running').map((h) => h.provider_id),
    log,
    ...(config.limits?.healthCheckEveryMs ? { idleEveryMs: config.limits.healthCheckEveryMs } : {}),
  });
  const applySettings = (): void => {
    const until = repos.settings.get().body_capture_until;
    recorder.bodies.setUntil(until === null ? null : Date.parse(until));
  };
  applySettings();
  const changeListeners = new Set<() => void>();
  catalog.onChange((s) => {
    cooldowns.updateRules(s.rules);
    watch.onCatalogChange(s);
    applySettings();
    for (const fn of changeListeners) fn();
  });

  let port = 0;
  let paused = false;
  // a wildcard bind is reached (and allowed by the Host guard) through loopback
  const urlHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const hostForUrl = urlHost.includes(':') ? `[${urlHost}]` : urlHost;
  const proxyUrl = (): string => `http://${hostForUrl}:${port}`;
  const settings = repositoriesFor(db).settings;
  const upstream = new UpstreamClient({ selfPort: () => port, poolSize: settings.get().upstream_connections });
  catalog.onChange(() => upstream.setPoolSize(settings.get().upstream_connections));
  let forgetResponsesOf = async (_profileId: string): Promise<(held: readonly HeldResponse[]) => void> => () => undefined;
  // what the provider refused, its rate limits and how it failed: nothing of it holds for a new key or URL, nor for a
  // new provider given a deleted one's id
  const forgetProvider = (id: string): void => {
    cooldowns.forgetProvider(id);
    watch.rateLimits.forget(id);
    watch.probe.noteWorking(id);
  };
  const ctx = createServiceContext({
    db, secrets, catalog, env, dataDir: config.dataDir, baseUrlProblem: (u) => upstream.urlProblem(u),
    // the seed's "the system tests the connection automatically": health follows a new key at once
    providerChanged: (id) => {
      forgetProvider(id);
      if (config.limits?.testProvidersOnChange !== false) watch.testSoon(id);
    },
    // a profile's new (or removed) own key: the old key's rate limits are not the new one's
    byokChanged: (profileId, providerId) => {
      cooldowns.forgetKeys(providerId, profileId);
      watch.rateLimits.forget(providerId, profileId);
    },
    providerDeleted: forgetProvider,
    // a model switched on again, or deleted (and perhaps added back): its cooldown and refusal were the old one's
    modelChanged: (modelId) => cooldowns.forgetModel(modelId),
    // its stored responses are deleted at the Responses providers too, as the proxy's DELETE does (bound below)
    profileLeaving: (profileId) => forgetResponsesOf(profileId),
  });

  listLocal = localModelLister(ctx, upstream);
  const service = createAdminService({
    ctx,
    recorder,
    bundledPricesVersion: bundledCatalog?.prices_version ?? null,
    ops: {
      upstream,
      lookupModel: bundledCatalog ? bundledModelLookup(bundledCatalog) : () => undefined,
      onTested: (id, ok, startedAt, notRunning, answered, report) => {
        // a test the provider answered is a probe answered: it is reachable, its cooldown is over
        if (answered === true) cooldowns.recordProviderAnswered(id, Date.now());
        watch.noteTested(id, ok, startedAt, notRunning, report);
      },
    },
    preview: {
      health: {
        isCoolingDown: (m, p, now, keyOwner) => cooldowns.isCoolingDown(m, p, now, keyOwner),
        cooldownEndsAt: (m, p, now, keyOwner) => cooldowns.cooldownEndsAt(m, p, now, keyOwner),
        isProviderDown: (id) => watch.probe.isDown(id),
        refusal: (m, p, now, keyOwner) => cooldowns.refusal(m, p, now, keyOwner),
      },
      monthSpentUsd: (u, now) => recorder.monthSpentUsd(u, now),
      liveCreditBalanceUsd: (p) => recorder.liveCreditBalanceUsd(p),
    },
    status: {
      version: packageVersion(),
      dataDir: config.dataDir,
      proxyUrl,
      secrets,
      keysUnreadable: () => catalog.keysUnreadable(),
      todaySpentUsd: () => recorder.todaySpentUsd(),
      monthSpentUsd: () => recorder.monthTotalUsd(),
      todayUnpricedRequests: () => recorder.todayUnpricedRequests(),
      monthUnpricedRequests: () => recorder.monthTotalUnpricedRequests(),
      isPaused: () => paused,
      dataWarnings: () => warnings.list(),
      setPaused: (p) => {
        if (p !== paused) ctx.audit(p ? 'proxy.pause' : 'proxy.resume', 'proxy');
        paused = p;
        for (const fn of changeListeners) fn();
      },
    },
    alerts: (now) => watch.alerts(now),
  });
  testProvider = (id) => service.testProvider({ provider_id: id });

  // DATA_DIR/default-token holds a live Default token or is not there (service/default-token-file.ts): at first start,
  // or with every Default token revoked, one is issued into it; a dead file goes, and serve says what it found
  const defaultTokenFile: DefaultTokenFileState = catalog.profile('default')
    ? await settleDefaultTokenFile(config.dataDir, repos.users.tokens.listOf('default'),
      async () => (await service.issueToken({ id: 'default', name: 'default' })).token)
    : { state: 'no-profile' };
  const adminToken = config.adminToken ?? loadAdminToken(config.dataDir, env.SWITCHBOARD_ADMIN_TOKEN);

  const settler = new BackgroundSettler(config.limits?.backgroundSettle);
  const proxyDeps: ProxyDeps = {
    catalog,
    responses,
    settler,
    usage: recorder,
    inFlight: new InFlightCosts(),
    // breakers opening and closing also show in each provider's health; the watch adds local servers and rate limits
    health: watchedHealth(reportTrafficHealth(cooldowns, catalog, log), watch),
    upstream,
    isPaused: () => paused,
    log,
    idleTimeoutMs: config.limits?.upstreamIdleTimeoutMs ?? 120_000,
    localIdleTimeoutMs: config.limits?.localIdleTimeoutMs ?? Math.max(config.limits?.upstreamIdleTimeoutMs ?? 0, LOCAL_IDLE_TIMEOUT_MS),
    maxUpstreamBodyBytes: config.limits?.maxUpstreamBodyBytes ?? 64 * 1024 * 1024,
    maxSseEventBytes: config.limits?.maxSseEventBytes ?? config.limits?.maxUpstreamBodyBytes,
    maxStreamBytes: config.limits?.maxUpstreamStreamBytes,
    hiddenThinkingMs: config.limits?.hiddenThinkingMs,
    localKeepAliveMs: config.limits?.localKeepAliveMs,
    maxConversationBytes: config.limits?.maxConversationBytes ?? MAX_BODY_BYTES,
    thoughtSignatures: new ThoughtSignatures(),
    reasoningMakers: new ReasoningMakers(),
    conversations: new ConversationAffinity(),
    thinkingKey: loadThinkingKey(config.dataDir),
    databaseFile: dbFile,
  };
  forgetResponsesOf = (profileId) => forgetAtProviders(proxyDeps, profileId);
  profileGone = (r) => forgetAnswerOfGoneProfile(proxyDeps, r);
  const server = createProxyServer({
    service,
    streams: { exportUsageCsv: createUsageCsvStream(ctx, recorder) },
    adminToken,
    uiDir: config.uiDir ?? null,
    boundHost: host,
    deps: proxyDeps,
    ...(config.limits?.requestHeadersTimeoutMs ? { headersTimeoutMs: config.limits.requestHeadersTimeoutMs } : {}),
    ...(config.limits?.maxConnectionsPerClient ? { maxConnectionsPerClient: config.limits.maxConnectionsPerClient } : {}),
  });
  try {
    // before listening: the first request must already skip a local server that is not running
    await watch.start();
    if (config.limits?.testProvidersOnChange !== false) watch.testRunningLocal();
    port = await server.listen(config.port ?? (await service.getSettings()).proxy_port, host);
  } catch (err) {
    watch.stop();
    recorder.close();
    catalog.close();
    db.close();
    unlock();
    throw err;
  }

  // raw usage rows older than the retention setting go (daily aggregates stay), and stored responses
  // older than theirs: a minute after start, then every six hours
  const prune = (): void => {
    service.getSettings().then((s) => recorder.prune(s.usage_retention_days)).catch((e) => log(`usage: prune failed: ${String(e)}`));
    try {
      // aged by the usage rows' clock: a clock far ahead of them deletes nothing
      responses.pruneOlderThan(RESPONSE_RETENTION_DAYS, recorder.retentionNow());
    } catch (e) {
      log(`responses: prune failed: ${String(e)}`);
    }
  };
  try {
    // background responses a previous run left pending: their usage rows still hold an estimate
    settler.start(proxyDeps, responses.pendingBackground(Date.now() - RESPONSE_RETENTION_DAYS * 86_400_000));
  } catch (e) {
    settler.start(proxyDeps, []);
    log(`responses: could not read the pending background responses: ${String(e)}`);
  }
  const firstPrune = setTimeout(prune, 60_000);
  const retentionTimer = setInterval(prune, 6 * 3600_000);
  firstPrune.unref();
  retentionTimer.unref();
  const stopBackups = scheduleBackups(db, config.dataDir, warnings, config.limits?.firstBackupDelayMs ?? 60_000);

  let closing: Promise<void> | null = null;
  return {
    service,
    url: proxyUrl(),
    host,
    port,
    adminToken,
    defaultTokenFile,
    onChange(fn) {
      changeListeners.add(fn);
      return () => changeListeners.delete(fn);
    },
    close() {
      closing ??= (async () => {
        clearTimeout(firstPrune);
        clearInterval(retentionTimer);
        settler.close();
        stopBackups();
        watch.stop();
        await server.close(config.limits?.shutdownDrainMs ?? SERVER_DRAIN_MS);
        recorder.close();
        responses.close();
        catalog.close();
        await upstream.close().catch(() => undefined);
        db.close();
        unlock();
      })();
      return closing;
    },
  };
}
