// What a profile's requests still in flight are expected to cost. Spend moves only when a request's
// row is recorded, so a budget check that counted rows alone let a burst of concurrent requests all
// pass a cap that any one of them would nearly fill; the check counts these holds as spent too.

const NO_RELEASE = (): void => {};

export class InFlightCosts {
  private readonly held = new Map<string, number>();

  /** Holds `usd` against the profile until the returned release is called (idempotent). */
  hold(userId: string, usd: number): () => void {
    if (!(usd > 0) || !Number.isFinite(usd)) return NO_RELEASE;
    this.held.set(userId, (this.held.get(userId) ?? 0) + usd);
    let holding = true;
    return () => {
      if (!holding) return;
      holding = false;
      const left = (this.held.get(userId) ?? 0) - usd;
      if (left > 1e-12) this.held.set(userId, left);
      else this.held.delete(userId);
    };
  }

  /** The expected cost of the profile's requests in flight. */
  heldUsd(userId: string): number {
    return this.held.get(userId) ?? 0;
  }
}
