// Inside a delete confirm: the fallback chains, aliases and preferred models that name what is deleted are removed
// or shortened in the same step, and the user should know before, not after. Asks the server's delete preview.
import { useEffect, useState } from 'react';
import type { PrunedRefs } from '../../shared/provider-delete-types';
import type { Outcome } from '../lib/errors';
import { prunedLines } from '../lib/pruned-refs';

/** the answer for `id` (one for another id is still loading this one's) */
type Answer = { id: string; pruned: PrunedRefs } | { id: string; error: string };

interface PruningNoticeProps {
  /** what is deleted */
  id: string;
  /** the delete preview's pruning (a store's stable function: asked again only when it or `id` changes) */
  load: (id: string) => Promise<Outcome<{ pruned: PrunedRefs }>>;
  /** how the sentences name what the routing rules refer to: "its models", "it" */
  subject: string;
  /** said under the list, when there is one */
  note?: string;
  testId: string;
}

export function PruningNotice({ id, load, subject, note, testId }: PruningNoticeProps) {
  const [answer, setAnswer] = useState<Answer | null>(null);

  useEffect(() => {
    let live = true;
    void load(id).then((r) => {
      if (live) setAnswer(r.ok ? { id, pruned: r.value.pruned } : { id, error: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [id, load]);

  const state = answer?.id === id ? answer : null;
  const lines = state && 'pruned' in state ? prunedLines(state.pruned) : [];
  return (
    <div data-testid={testId} aria-live="polite">
      {!state && <p className="muted small">{`Checking the routing rules that name ${subject}…`}</p>}
      {state && 'error' in state && <p className="field-error">{`Could not check which routing rules name ${subject}: ${state.error}`}</p>}
      {lines.length > 0 && (
        <>
          <p>{`Routing rules and profiles that name ${subject} change too:`}</p>
          <ul>
            {lines.map((l) => <li key={l}>{l}</li>)}
          </ul>
          {note && <p className="muted small">{note}</p>}
        </>
      )}
    </div>
  );
}
