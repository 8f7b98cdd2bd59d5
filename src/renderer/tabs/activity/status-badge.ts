// What an Activity row's status badge and each attempt's result badge say, and in which colour. A request cut
// short (the client hung up, Switchboard shut down) is no error here either (shared/counts-as-error.ts): neutral.
import type { ActivityEntry } from '../../../shared/activity-types';
import { isCutShort } from '../../../shared/counts-as-error';
import type { BadgeTone } from '../../components/badge';

/** served: ok; cut short: neutral; anything else failed: bad */
export function resultTone(errorKind: string | null): BadgeTone {
  if (errorKind === null) return 'ok';
  return isCutShort(errorKind) ? 'neutral' : 'bad';
}

export function statusBadge(r: Pick<ActivityEntry, 'status' | 'error_kind' | 'attempts'>): { tone: BadgeTone; text: string; title?: string } {
  if (r.error_kind === null) return { tone: 'ok', text: String(r.status) };
  if (isCutShort(r.error_kind)) {
    const why = r.error_kind === 'shutdown' ? 'Switchboard shut down' : 'the client hung up';
    return { tone: 'neutral', text: `${r.status} ${r.error_kind}`, title: `cut short (${why}), not an error` };
  }
  if (r.attempts.length === 0) return { tone: 'bad', text: `${r.status} refused: ${r.error_kind}`, title: 'refused before routing' };
  return { tone: 'bad', text: `${r.status} ${r.error_kind}` };
}
