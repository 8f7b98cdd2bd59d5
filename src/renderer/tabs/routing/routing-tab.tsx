// Routing: how `auto` picks a model, aliases, fallback chains, and a simulator to check the result.
import { useEffect } from 'react';
import { ROUTING_NAMES } from '../../../shared/defaults';
import { AsyncView } from '../../components/async-view';
import { toast } from '../../components/toast';
import { ChainEditor } from './chain-editor';
import { errorFor } from './routing-draft';
import { RouteSimulator } from './route-simulator';
import { RoutingForm } from './routing-form';
import { useRoutingStore } from './routing-store';

export function RoutingTab() {
  const { rules, draft, models, loading, error, saving, saveError, load, edit, reset, save } = useRoutingStore();

  useEffect(() => {
    void load();
  }, [load]);

  const modelIds = models.map((m) => m.id);
  const onSave = async () => {
    if (await save()) toast.ok('Routing rules saved');
  };

  return (
    <section aria-labelledby="routing-title">
      <div className="section-head">
        <div>
          <h1 id="routing-title">Routing</h1>
          <p className="muted">How requests for <code>auto</code>, an alias or a specific model become a plan of attempts.</p>
        </div>
        <div className="button-row">
          <button type="button" className="btn" onClick={reset} disabled={!draft}>
            Revert
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void onSave()} disabled={!draft || saving}>
            {saving ? 'Saving…' : 'Save'}
          </button>
        </div>
      </div>
      <AsyncView loading={loading} error={error} hasData={rules !== null} onRetry={() => void load()}>
        {draft && (
          <div className="routing-grid">
            <div className="stack">
              {saveError && !saveError.field && <div className="error-box" role="alert">{saveError.message}</div>}
              {saveError?.field && (
                <div className="error-box" role="alert">
                  {saveError.field}: {saveError.message}
                </div>
              )}
              <RoutingForm draft={draft} error={saveError} edit={edit} />
              <ChainEditor
                title="Aliases"
                description="A name clients can send as the model (e.g. fast): models tried in this order, or one routing name (eco, balanced, precision, auto)."
                nameLabel="Alias name"
                namePlaceholder="alias name"
                rows={draft.aliases}
                modelIds={[...ROUTING_NAMES, ...modelIds]}
                error={errorFor(saveError, 'aliases')}
                onChange={(aliases) => edit((d) => ({ ...d, aliases }))}
              />
              <ChainEditor
                title="Fallback chains"
                description="When this model fails before the first byte, try these next."
                nameLabel="Model that falls back"
                namePlaceholder="provider/model"
                rows={draft.fallbacks}
                modelIds={modelIds}
                error={errorFor(saveError, 'fallbacks')}
                onChange={(fallbacks) => edit((d) => ({ ...d, fallbacks }))}
              />
            </div>
            <RouteSimulator />
          </div>
        )}
      </AsyncView>
    </section>
  );
}
