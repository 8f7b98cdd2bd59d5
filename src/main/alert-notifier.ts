// Each alert becomes one desktop notification per episode: shown when it appears, forgotten when a poll
// no longer has it, so the next time it comes back (a provider failing again next week) it shows again.
import type { Alert } from '../shared/types';

export interface AlertChanges {
  /** the alerts not shown in the current episode, now marked as shown */
  fresh: Alert[];
  /** the ids of alerts whose episode ended: a poll no longer has them */
  ended: string[];
}

export class AlertNotifier {
  private seen = new Set<string>();

  /** `alerts` is a whole poll's list: an id missing from it has ended and is forgotten. */
  poll(alerts: readonly Alert[]): AlertChanges {
    const now = new Set(alerts.map((a) => a.id));
    const fresh = alerts.filter((a) => !this.seen.has(a.id));
    const ended = [...this.seen].filter((id) => !now.has(id));
    this.seen = now;
    return { fresh, ended };
  }
}
