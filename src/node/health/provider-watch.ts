// Keeps provider health close to reality without a click on Test: local servers probed at start and
// every minute (routable only while they answer), idle providers checked lightly every few minutes,
// and rate-limit headers read from every answer. Feeds the router (isProviderDown) and the alerts.
import { isOwnRuntime, type CatalogSnapshot } from '../../core/catalog';
import type { Alert } from '../../shared/types';
import type { HealthReport } from '../catalog/catalog-store';
import type { ProxyHealth } from '../proxy/deps';
import { IdleChecker } from './idle-checker';
import { LocalProbe } from './local-probe';
import { RateLimitTracker } from './rate-limits';

export interface ProviderWatchOptions {
  catalog: { snapshot(): CatalogSnapshot; recordHealth(providerId: string, report: HealthReport): void };
  test(providerId: string): Promise<unknown>;
  /** lists a local runtime's models and notes which are installed, nothing else (no health, no cooldown): relist */
  list(providerId: string): Promise<unknown>;
  initiallyDown?: Iterable<string>;
  /** local probe period (default 60 s) */
  probeEveryMs?: number;
  /** idle check period, and the silence that makes a provider idle (default 5 min) */
  idleEveryMs?: number;
  log?: (line: string) => void;
}

/** The fewest milliseconds between two listings of one runtime that requests ask for (ProviderWatch.relist). */
export const RELIST_EVERY_MS = 5_000;

export class ProviderWatch {
  readonly probe: LocalProbe;
  readonly idle: IdleChecker;
  readonly rateLimits = new RateLimitTracker();
  private timers: NodeJS.Timeout[] = [];
  private probedSignature = '';
  /** provider id -> when the latest connection test (by anyone) began */
  private readonly testedAt = new Map<string, number>();
  private readonly pendingTests = new Set<NodeJS.Timeout>();
  /** provider id -> the listing a request asked for, under way; and when the latest began */
  private readonly relisting = new Map<string, Promise<void>>();
  private readonly relistedAt = new Map<string, number>();

  constructor(private readonly opts: ProviderWatchOptions) {
    this.probe = new LocalProbe({ catalog: opts.catalog, initiallyDown: opts.initiallyDown ?? [], log: opts.log });
    this.idle = new IdleChecker({
      snapshot: () => opts.catalog.snapshot(),
      test: opts.test,
      idleMs: opts.idleEveryMs ?? 5 * 60_000,
      isDown: (id) => this.probe.isDown(id),
    });
  }

  /** The first probe (awaited, so the first request already skips a server that is not running), then the timers. */
  async start(): Promise<void> {
    this.probedSignature = localSignature(this.opts.catalog.snapshot());
    await this.probe.probeAll();
    const every = (ms: number, fn: () => Promise<void>): void => {
      const t = setInterval(() => void fn().catch((e: unknown) => this.opts.log?.(`health: ${String(e)}`)), ms);
      t.unref();
      this.timers.push(t);
    };
    every(this.opts.probeEveryMs ?? 60_000, () => this.probe.probeAll());
    every(this.opts.idleEveryMs ?? 5 * 60_000, () => this.idle.checkIdle());
  }

  /**
   * After an admin change: a local provider that was added, enabled or moved is probed now rather
   * than at the next minute (a change elsewhere costs one string comparison).
   */
  onCatalogChange(snapshot: CatalogSnapshot): void {
    const signature = localSignature(snapshot);
    if (signature === this.probedSignature) return;
    this.probedSignature = signature;
    void this.probe.probeAll().catch((e: unknown) => this.opts.log?.(`health: ${String(e)}`));
  }

  /**
   * Lists the models of every local runtime that answered the probe (Ollama, LM Studio: what is installed
   * there), so a bundled model never pulled leaves routing at start rather than at the first idle check.
   */
  testRunningLocal(): void {
    for (const p of this.opts.catalog.snapshot().providers.values()) {
      if (p.enabled && isOwnRuntime(p) && !this.probe.isDown(p.id)) this.testSoon(p.id, 0);
    }
  }

  /**
   * A connection test begun at `startedAt` just ended: a local server that answered it runs, one found not
   * running (nothing answers at its address) leaves routing as a probe would take it out.
   */
  noteTested(providerId: string, ok: boolean, startedAt = Date.now(), notRunning = false, report?: HealthReport): void {
    if (ok) {
      this.probe.noteReachable(providerId);
      this.probe.noteWorking(providerId);
    } else if (notRunning) this.probe.noteUnreachable(providerId);
    else if (report) this.probe.noteTestFailed(providerId, report);
    this.testedAt.set(providerId, Math.max(startedAt, this.testedAt.get(providerId) ?? 0));
    this.idle.noteTraffic(providerId, Date.now());
  }

  /**
   * A provider was added, got a new key or moved: test its connection shortly, unless someone (the UI,
   * right after saving) has tested it since.
   */
  testSoon(providerId: string, delayMs = 1_500): void {
    const asked = Date.now();
    const t = setTimeout(() => {
      this.pendingTests.delete(t);
      // a test begun since the change knows the new state; one begun before it (an idle check with the
      // old key, finishing late) does not
      if ((this.testedAt.get(providerId) ?? 0) >= asked) return;
      void this.opts.test(providerId).catch((e: unknown) => this.opts.log?.(`health: testing ${providerId} failed: ${String(e)}`));
    }, delayMs);
    t.unref();
    this.pendingTests.add(t);
  }

  /**
   * Requests named models these Ollama or LM Studio servers did not list last time (pulled since, perhaps): they
   * are listed again now, if running: the listing alone (opts.list), not a connection test, whose health write
   * and 'answered' would end a cooldown the traffic began (a hung server still lists its models). One listing per provider at a time (requests that
   * arrive meanwhile share it) and at most one every RELIST_EVERY_MS: a client retrying a model never pulled
   * costs no listing per request.
   */
  async relist(providerIds: readonly string[]): Promise<void> {
    const providers = this.opts.catalog.snapshot().providers;
    const now = Date.now();
    await Promise.all(providerIds.map((id) => {
      const running = this.relisting.get(id);
      if (running) return running;
      const p = providers.get(id);
      if (!p?.enabled || (p.type !== 'ollama' && p.type !== 'lmstudio') || this.probe.isDown(id)) return undefined;
      if (now - (this.relistedAt.get(id) ?? -Infinity) < RELIST_EVERY_MS) return undefined;
      this.relistedAt.set(id, now);
      const listing = this.opts.list(id)
        .then(() => undefined, (e: unknown) => this.opts.log?.(`health: listing ${id} failed: ${String(e)}`))
        .finally(() => this.relisting.delete(id));
      this.relisting.set(id, listing);
      return listing;
    }));
  }

  /**
   * A provider's answer carried rate-limit headers: read unless the provider was deleted while the request was
   * under way (its reading would raise an alert, under its bare id, for a provider that is gone).
   */
  observeRateLimits(...args: Parameters<RateLimitTracker['observe']>): void {
    if (!this.opts.catalog.snapshot().providers.has(args[0])) return;
    this.rateLimits.observe(...args);
  }

  alerts(now: Date): Alert[] {
    const providers = this.opts.catalog.snapshot().providers;
    return this.rateLimits.alerts(now.getTime(), (id) => providers.get(id)?.name);
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    for (const t of this.pendingTests) clearTimeout(t);
    this.timers = [];
    this.pendingTests.clear();
  }
}

function localSignature(snapshot: CatalogSnapshot): string {
  return [...snapshot.providers.values()].filter((p) => p.enabled && isOwnRuntime(p)).map((p) => `${p.id}=${p.baseUrl}`).join(' ');
}

type TrafficHealth = Pick<
  ProxyHealth, 'isCoolingDown' | 'cooldownEndsAt' | 'beginAttempt' | 'endAttempt' | 'recordFailure' | 'recordSuccess' | 'recordAnswering' | 'recordRefusal' | 'refusal'
>;

/** The proxy's health view: the circuit breakers plus what the watch knows (local servers, traffic, rate limits). */
export function watchedHealth(traffic: TrafficHealth, watch: ProviderWatch): ProxyHealth {
  return {
    isCoolingDown: (modelId, providerId, now, keyOwner) => traffic.isCoolingDown(modelId, providerId, now, keyOwner),
    cooldownEndsAt: (modelId, providerId, now, keyOwner) => traffic.cooldownEndsAt(modelId, providerId, now, keyOwner),
    beginAttempt(modelId, providerId, now, keyOwner) {
      traffic.beginAttempt(modelId, providerId, now, keyOwner);
      watch.idle.noteTraffic(providerId, now);
    },
    endAttempt: (modelId, providerId, now, keyOwner) => traffic.endAttempt(modelId, providerId, now, keyOwner),
    recordFailure: (modelId, providerId, kind, now, retryAfterMs, how) => traffic.recordFailure(modelId, providerId, kind, now, retryAfterMs, how),
    recordRefusal(modelId, providerId, scope, reason, now, keyOwner) {
      traffic.recordRefusal(modelId, providerId, scope, reason, now, keyOwner);
      watch.probe.noteReachable(providerId);
    },
    recordAnswering(modelId, providerId, now, keyOwner) {
      traffic.recordAnswering(modelId, providerId, now, keyOwner);
      watch.probe.noteReachable(providerId);
    },
    refusal: (modelId, providerId, now, keyOwner) => traffic.refusal(modelId, providerId, now, keyOwner),
    recordSuccess(modelId, providerId, now, keyOwner) {
      traffic.recordSuccess(modelId, providerId, now, keyOwner);
      watch.probe.noteReachable(providerId);
      watch.probe.noteWorking(providerId);
    },
    isProviderDown: (providerId) => watch.probe.isDown(providerId),
    recheckLocal: (providerIds) => watch.probe.recheck(providerIds),
    relistLocal: (providerIds) => watch.relist(providerIds),
    confirmLocalDown: (providerId) => watch.probe.confirmDown(providerId),
    observeRateLimits: (providerId, headers, now, owner) => watch.observeRateLimits(providerId, headers, now, owner),
  };
}
