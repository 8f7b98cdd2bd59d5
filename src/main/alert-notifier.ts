// Each alert becomes one desktop notification, once per run of the app.
import type { Alert } from '../shared/types';

export class AlertNotifier {
  private readonly seen = new Set<string>();

  /** The alerts not shown before, now marked as shown. */
  takeNew(alerts: readonly Alert[]): Alert[] {
    const fresh = alerts.filter((a) => !this.seen.has(a.id));
    for (const a of fresh) this.seen.add(a.id);
    return fresh;
  }
}
