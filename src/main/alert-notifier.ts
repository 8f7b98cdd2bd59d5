// Each alert becomes one desktop notification per episode: shown when it appears, forgotten when a poll
// no longer has it, so the next time it comes back (a provider failing again next week) it shows again.
import type { Alert } from '../shared/types';

export class AlertNotifier {
  private seen = new Set<string>();

  /**
   * The alerts not shown in the current episode, now marked as shown. `alerts` is a whole poll's list:
   * an id missing from it has ended and is forgotten.
   */
  takeNew(alerts: readonly Alert[]): Alert[] {
    const fresh = alerts.filter((a) => !this.seen.has(a.id));
    this.seen = new Set(alerts.map((a) => a.id));
    return fresh;
  }
}
