// Local providers (Ollama, LM Studio, an OpenAI-compatible server on loopback) are free, so `auto`
// ranks them first; when their server is not running every request would pay a failed attempt.
// This probe checks them (a TCP connect) and keeps the ones that do not answer out of routing,
// shown as "not running", until a later probe or a successful test finds them up.
import { isOwnRuntime, type CatalogSnapshot, type ProviderEntry } from '../../core/catalog';
import type { HealthReport } from '../catalog/catalog-store';
import { PLAIN_HTTP_ANSWER } from '../http/upstream-client';
import { probeTarget, tcpProbe, type ProbeResult } from './tcp-probe';

export interface LocalProbeOptions {
  catalog: { snapshot(): CatalogSnapshot; recordHealth(providerId: string, report: HealthReport): void };
  /** providers the database last recorded as not running (they stay out until a probe finds them up) */
  initiallyDown?: Iterable<string>;
  probe?: (baseUrl: string, timeoutMs: number) => Promise<ProbeResult>;
  timeoutMs?: number;
  log?: (line: string) => void;
}

export class LocalProbe {
  private readonly down: Set<string>;
  /** providers whose state was written since start (the first answer of a run is written once) */
  private readonly known = new Set<string>();
  private readonly probeFn: (baseUrl: string, timeoutMs: number) => Promise<ProbeResult>;
  private readonly timeoutMs: number;
  /**
   * the last connection test's failure per provider, while no test or served request has found it working, and the
   * base URL it was for: a server that comes back up is the same misconfigured server (https to a plain-http
   * server, a wrong path, a bad key), so the probe's TCP connect restores that failure, not "answers"
   */
  private readonly testFailures = new Map<string, { baseUrl: string; report: HealthReport }>();
  /** recheck, confirmDown: the probe under way per provider */
  private readonly rechecks = new Map<string, Promise<void>>();

  constructor(private readonly opts: LocalProbeOptions) {
    this.down = new Set(opts.initiallyDown ?? []);
    this.probeFn = opts.probe ?? tcpProbe;
    this.timeoutMs = opts.timeoutMs ?? 1_500;
  }

  /** The router's question: leave this provider out? */
  isDown(providerId: string): boolean {
    return this.down.has(providerId);
  }

  /** Probes every enabled local provider at once; resolves when all have answered or timed out. */
  async probeAll(): Promise<void> {
    const targets = [...this.opts.catalog.snapshot().providers.values()].filter((p) => p.enabled && isOwnRuntime(p));
    const tracked = new Set(targets.map((p) => p.id));
    // a provider that was disabled, deleted or turned into a cloud one is no longer this probe's business
    for (const id of this.down) if (!tracked.has(id)) this.down.delete(id);
    for (const id of this.testFailures.keys()) if (!tracked.has(id)) this.testFailures.delete(id);
    await Promise.all(targets.map((p) => this.probe(p)));
  }

  /**
   * Probes these providers now, if they are down (a request found nothing else to serve it: a server
   * started since the last probe should not wait a minute). One probe per provider at a time (requests
   * that arrive meanwhile share it); resolves true when any of them answers.
   */
  async recheck(providerIds: readonly string[]): Promise<boolean> {
    const providers = this.opts.catalog.snapshot().providers;
    const waits = providerIds.flatMap((id) => {
      const p = providers.get(id);
      if (!p || !p.enabled || !isOwnRuntime(p) || !this.down.has(id)) return [];
      return [this.probeShared(p).then(() => !this.down.has(id))];
    });
    return (await Promise.all(waits)).some(Boolean);
  }

  /**
   * A request could not connect to this local provider: probes it now, so that when nothing answers there
   * (its server was stopped since the last probe) it leaves routing as not running at once, recorded so,
   * rather than cooling down for a while and being tried again. Resolves true when it does not answer.
   */
  async confirmDown(providerId: string): Promise<boolean> {
    const p = this.opts.catalog.snapshot().providers.get(providerId);
    if (!p || !p.enabled || !isOwnRuntime(p)) return false;
    await this.probeShared(p);
    return this.down.has(providerId);
  }

  /** One probe per provider at a time: callers that arrive meanwhile share it. */
  private probeShared(p: ProviderEntry): Promise<void> {
    let running = this.rechecks.get(p.id);
    if (!running) {
      running = this.probe(p).finally(() => this.rechecks.delete(p.id));
      this.rechecks.set(p.id, running);
    }
    return running;
  }

  /** A test or a served request reached it: it runs, whatever the last probe said. */
  noteReachable(providerId: string): void {
    this.down.delete(providerId);
  }

  /**
   * A connection test failed with the server answering (not "not running"): see testFailures. Only a failure
   * that shows a misconfiguration is kept (misconfigured); a passing one (a timeout, a 429, a 5xx while a model
   * loads) ends any kept before, as it says nothing the server's restart would not change.
   */
  noteTestFailed(providerId: string, report: HealthReport): void {
    const p = this.opts.catalog.snapshot().providers.get(providerId);
    if (p && misconfigured(report)) this.testFailures.set(providerId, { baseUrl: p.baseUrl, report });
    else this.testFailures.delete(providerId);
  }

  /**
   * A connection test passed or a request was served, or the provider's key or address changed, it was
   * switched on again or deleted: the last test's failure is over.
   */
  noteWorking(providerId: string): void {
    this.testFailures.delete(providerId);
  }

  /**
   * A connection test found nothing answering (and recorded it not running): out of routing until a probe,
   * a test or a served request finds it up, that probe writing it up again.
   */
  noteUnreachable(providerId: string): void {
    this.down.add(providerId);
    this.known.add(providerId);
  }

  private async probe(p: ProviderEntry): Promise<void> {
    const result = await this.probeFn(p.baseUrl, this.timeoutMs);
    const wasDown = this.down.has(p.id);
    const first = !this.known.has(p.id);
    this.known.add(p.id);
    if (result.ok) {
      this.down.delete(p.id);
      if (!wasDown && !first) return;
      const failed = this.testFailures.get(p.id);
      if (failed?.baseUrl === p.baseUrl) this.write(p.id, failed.report);
      else this.write(p.id, { ok: true, latencyMs: result.latencyMs, message: `${where(p)} answers` });
      return;
    }
    this.down.add(p.id);
    if (!wasDown || first) {
      this.write(p.id, notRunningReport(p, result.reason));
    }
  }

  private write(providerId: string, report: HealthReport): void {
    try {
      this.opts.catalog.recordHealth(providerId, report);
    } catch (e) {
      this.opts.log?.(`health: could not record ${providerId}: ${String((e as Error)?.message ?? e)}`);
    }
  }
}

/**
 * A failed connection test that shows the server misconfigured, which a restart does not mend: https to a
 * plain-http server, a wrong path (404), a key refused (401, 403), a 2xx answer that is no model listing.
 * Not a timeout, a 429, a 5xx (a model loading) or a refused connection: those pass.
 */
export function misconfigured(report: HealthReport): boolean {
  if (report.ok || report.notRunning === true) return false;
  const status = report.status ?? null;
  if (status === null) return (report.message ?? '').includes(PLAIN_HTTP_ANSWER);
  return status === 404 || status === 401 || status === 403 || (status >= 200 && status < 300);
}

/** How a server of one's own that does not answer is recorded, by the probe or a connection test. */
export function notRunningReport(p: Pick<ProviderEntry, 'baseUrl'>, reason: string): HealthReport & { notRunning: true; message: string } {
  return { ok: false, notRunning: true, latencyMs: null, message: `not running: nothing answers at ${where(p)} (${reason})` };
}

function where(p: Pick<ProviderEntry, 'baseUrl'>): string {
  const t = probeTarget(p.baseUrl);
  return t ? `${t.host}:${t.port}` : p.baseUrl;
}
