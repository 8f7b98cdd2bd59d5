// Until the first request succeeds, the steps that get there, each ticked off from real state.
import { useEffect } from 'react';
import { useFirstRunStore, firstRunSteps } from './first-run-store';

const POLL_MS = 4000;

export function FirstRunChecklist({ onGoTo }: { onGoTo: (tab: 'providers' | 'byok' | 'activity') => void }) {
  const { providers, served, snippetCopied, load } = useFirstRunStore();

  useEffect(() => {
    void load();
  }, [load]);

  // polls only while shown: once a request succeeded the checklist is gone for good
  useEffect(() => {
    if (served !== false) return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [served, load]);

  if (providers === null || served !== false) return null;
  const steps = firstRunSteps(providers, served, snippetCopied);
  const next = steps.find((s) => !s.done);
  return (
    <section className="first-run card card-pad" aria-labelledby="first-run-title" data-testid="first-run">
      <h2 id="first-run-title">Get started</h2>
      <ol className="first-run-steps">
        {steps.map((s) => (
          <li key={s.id} className={s.done ? 'step step-done' : s === next ? 'step step-next' : 'step'} data-step={s.id} data-done={s.done}>
            <span className="step-mark" aria-hidden="true">
              {s.done ? '✓' : ''}
            </span>
            <span>
              {s.title}
              <span className="sr-only">{s.done ? ' (done)' : ' (to do)'}</span>
              {s.detail && <span className="step-detail">{s.detail}</span>}
            </span>
          </li>
        ))}
      </ol>
      <div className="button-row">
        {next?.id === 'key' || next?.id === 'tested' ? (
          <button type="button" className="btn btn-primary btn-small" onClick={() => onGoTo('providers')}>
            Open Providers
          </button>
        ) : (
          <button type="button" className="btn btn-primary btn-small" onClick={() => onGoTo('byok')}>
            Open set-up snippets
          </button>
        )}
      </div>
    </section>
  );
}
