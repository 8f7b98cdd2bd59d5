// Providers with no traffic get a light check now and then (their model listing: no tokens spent), so
// a key that was revoked or a server that went away shows in the Providers tab before a request finds it.
import type { CatalogSnapshot, ProviderEntry } from '../../core/catalog';

export interface IdleCheckerOptions {
  snapshot(): CatalogSnapshot;
  /** runs the connection test (records health) */
  test(providerId: string): Promise<unknown>;
  /** a provider with traffic or a check within this window is left alone */
  idleMs: number;
  /** local providers the probe found not running: their test could only fail */
  isDown(providerId: string): boolean;
  now?: () => number;
}

export class IdleChecker {
  private readonly lastSeen = new Map<string, number>();
  private running: Promise<void> | null = null;
  private readonly now: () => number;

  constructor(private readonly opts: IdleCheckerOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** A request was sent to this provider (the proxy's hot path: one map write). */
  noteTraffic(providerId: string, at: number): void {
    this.lastSeen.set(providerId, at);
  }

  /** Checks every idle provider, one at a time; a run already under way is joined, not doubled. */
  checkIdle(): Promise<void> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** The providers the next run would check. */
  idleProviders(): ProviderEntry[] {
    const now = this.now();
    // a last sight in the future means the clock was set back: not a reason to stop checking until it catches up
    const idle = (seen: number): boolean => now - seen >= this.opts.idleMs || seen > now;
    return [...this.opts.snapshot().providers.values()].filter((p) =>
      p.enabled && (p.hasKey || p.keyless) && !this.opts.isDown(p.id) && idle(this.lastSeen.get(p.id) ?? -Infinity));
  }

  private async run(): Promise<void> {
    for (const p of this.idleProviders()) {
      this.lastSeen.set(p.id, this.now());
      // the test records its own result as the provider's health; a throw is a bug worth no crash
      await this.opts.test(p.id).catch(() => undefined);
    }
  }
}
