// A provider's last Discover: how many models it added, and those that arrived switched off with the way to them.
import type { DiscoverResult } from '../../../shared/types';
import { useNavigation } from '../../lib/navigation';
import { switchedOff, switchedOffNote } from './discover-summary';
import type { ActionState } from './providers-store';

export function DiscoverResultLine({ providerId, state }: { providerId: string; state: ActionState<DiscoverResult> | undefined }) {
  if (!state || state.pending) return null;
  if ('error' in state) return <div className="result-line result-bad">Discovery failed: {state.error.message}</div>;
  const r = state.result;
  const off = switchedOff(r.added);
  const note = switchedOffNote(off);
  return (
    <div data-testid="provider-discover-result">
      <div className="result-line result-ok">
        <strong>
          {r.added.length} model{r.added.length === 1 ? '' : 's'} added
        </strong>
        <span className="muted">
          {r.found} found, {r.existing} already in the catalog
          {r.more > 0 && `, ${r.more} more: discover again to add them`}
        </span>
      </div>
      {note && (
        <div className="result-line result-warn" data-testid="provider-discover-off">
          <span>{note}</span>
          <button type="button" className="btn btn-small" onClick={() => useNavigation.getState().showModelsOf(providerId)}>
            {off.count === 1 ? 'Show it in Models' : 'Show them in Models'}
          </button>
        </div>
      )}
    </div>
  );
}
