// createApp(config): opens the data dir and wires storage, secrets, router, recorder, admin
// service and the HTTP server. The desktop main process and `npm run serve` both call it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdminService } from '../shared/contract';
import { CooldownTracker } from '../core/routing';
import { logSafe } from '../core/log-safe';
import { databaseLockProblem } from './db';
import { envVarsHoldingTokens } from './secrets';
import { bundledModelLookup, createCatalogStore, repositoriesFor } from './catalog';
import { reportTrafficHealth } from './catalog/traffic-health';
import { redactSecrets } from '../core/redact';
import { ProviderWatch, watchedHealth } from './health/provider-watch';
import { UsageRecorder } from './usage/recorder';
import { RESPONSE_RETENTION_DAYS, ResponseStore, lostMessage, type HeldResponse, type StoredResponse } from './responses/response-store';
import { createAdminService, createServiceContext, localModelLister } from './service';
import { createUsageCsvStream } from './service/usage-methods';
import { UpstreamClient } from './http/upstream-client';
import { createProxyServer } from './proxy/server';
import { InFlightCosts } from './proxy/in-flight';
import { BackgroundSettler } from './proxy/responses-settler';
import { forgetAtProviders } from './proxy/responses-forget';
import { forgetAnswerOfGoneProfile } from './proxy/responses-handler';
import { LOCAL_IDLE_TIMEOUT_MS, type ProxyDeps } from './proxy/deps';
import { ThoughtSignatures } from './proxy/thought-signatures';
import { ReasoningMakers } from './proxy/reasoning-makers';
import { ConversationAffinity } from './proxy/conversation-affinity';
import { MAX_BODY_BYTES } from './proxy/v1-routes';
import { loadAdminToken, loadThinkingKey } from './app-files';
import { settleDefaultTokenFile, type DefaultTokenFileState } from './service/default-token-file';
import { DataWarnings } from './data-dir/data-warnings';
import { scheduleBackups } from './data-dir/backup-schedule';
import { SERVER_DRAIN_MS } from './drain';
import type { AppConfig } from './app-config';
import { APP_ROOT, openStorage } from './app-storage';

export type { AppConfig, AppLimits } from './app-config';

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

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(APP_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export async function createApp(config: AppConfig): Promise<SwitchboardApp> {
  const env = config.env ?? process.env;
  const log = config.log ?? ((line: string) => console.error(line));
  const tokensInEnv = envVarsHoldingTokens(env);
  if (tokensInEnv.length > 0) {
    log(`keys: ${tokensInEnv.join(', ')} hold${tokensInEnv.length === 1 ? 's' : ''} a Switchboard token, not a provider key: ignored (set it only in the shell you run your tools from)`);
  }
  const host = config.host ?? '127.0.0.1';
  const { db, dbFile, replaced, secrets, bundledCatalog, unlock } = await openStorage(config, env, log);
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
