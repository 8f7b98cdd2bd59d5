// What an Activity row's status badge and each attempt's result badge say, and in which colour. A request cut
// short (the client hung up, Switchboard shut down) is no error here either (shared/counts-as-error.ts): neutral.
import type { ActivityEntry } from '../../../shared/activity-types';
import { isCutShort } from '../../../shared/counts-as-error';
import type { BadgeTone } from '../../components/badge';
import { errorKindLabel } from '../../lib/error-kinds';

/** served: ok; cut short: neutral; anything else failed: bad */
export function resultTone(errorKind: string | null): BadgeTone {
  if (errorKind === null) return 'ok';
  return isCutShort(errorKind) ? 'neutral' : 'bad';
}

/** The status and what happened in plain words ("404 unknown model"); the recorded code in the title. */
export function statusBadge(r: Pick<ActivityEntry, 'status' | 'error_kind' | 'attempts'>): { tone: BadgeTone; text: string; title?: string } {
  if (r.error_kind === null) return { tone: 'ok', text: String(r.status) };
  const text = `${r.status} ${errorKindLabel(r.error_kind)}`;
  if (isCutShort(r.error_kind)) {
    const why = r.error_kind === 'shutdown' ? 'Switchboard shut down' : 'the client hung up';
    return { tone: 'neutral', text, title: `${r.error_kind}: cut short (${why}), not an error` };
  }
  if (r.attempts.length === 0) return { tone: 'bad', text, title: `${r.error_kind}: refused before routing` };
  return { tone: 'bad', text, title: r.error_kind };
}

/** An attempt's result in plain words, its code in the title. */
export function attemptBadge(errorKind: string | null): { tone: BadgeTone; text: string; title?: string } {
  if (errorKind === null) return { tone: 'ok', text: 'served' };
  return { tone: resultTone(errorKind), text: errorKindLabel(errorKind), title: errorKind };
}
