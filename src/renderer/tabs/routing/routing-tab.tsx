// Routing: how `auto` picks a model, aliases, fallback chains, and a simulator to check the result.
import { useEffect, useRef } from 'react';
import { ROUTING_NAMES } from '../../../shared/defaults';
import { AsyncView } from '../../components/async-view';
import { Badge } from '../../components/badge';
import { toast } from '../../components/toast';
import { useLeaveGuard } from '../../lib/leave-guard';
import { ChainEditor } from './chain-editor';
import { chainEntryNote } from './chain-entry';
import { errorFor, fieldLabel } from './routing-draft';
import { RouteSimulator } from './route-simulator';
import { RoutingForm } from './routing-form';
import { isDirty, useRoutingStore } from './routing-store';
import { useStatusStore } from '../../header/status-store';

export function RoutingTab() {
  const { rules, draft, models, loading, error, saving, saveErrors, load, edit, reset, save, followPowerLevel } = useRoutingStore();
  const dirty = useRoutingStore(isDirty);
  const setGuard = useLeaveGuard((s) => s.set);
  // the header polls the status every few seconds: a level switched in the tray shows here too
  const serverLevel = useStatusStore((s) => s.status?.power_level);

  useEffect(() => {
    void load();
  }, [load]);

  // only a change of the polled level is news: a poll older than a Save (or the tab's own load) still
  // holds the level from before, and following it would switch the tab back
  const lastPolled = useRef(serverLevel);
  useEffect(() => {
    const before = lastPolled.current;
    lastPolled.current = serverLevel;
    if (serverLevel && before !== undefined && serverLevel !== before) followPowerLevel(serverLevel);
  }, [serverLevel, followPowerLevel]);

  useEffect(() => {
    setGuard('routing', dirty ? { what: 'routing rules', discard: reset } : null);
    return () => setGuard('routing', null);
  }, [dirty, reset, setGuard]);

  const modelIds = models.map((m) => m.id);
  // the draft's aliases as the server will read them, to mirror its rules for each entry
  const filled = (chain: readonly string[]) => chain.map((m) => m.trim()).filter((m) => m !== '');
  const aliasMap: Record<string, string[]> = Object.fromEntries((draft?.aliases ?? []).map((r) => [r.name.trim(), filled(r.models)]));
  const aliasNote = (entry: string, chain: readonly string[]) => chainEntryNote(entry, models, aliasMap, { chain: 'alias', entries: filled(chain).length });
  const fallbackNote = (entry: string, chain: readonly string[]) => chainEntryNote(entry, models, aliasMap, { chain: 'fallback', entries: filled(chain).length });
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
          {dirty && (
            <span data-testid="unsaved-marker">
              <Badge tone="warn">Unsaved changes</Badge>
            </span>
          )}
          <button type="button" className="btn" onClick={reset} disabled={!dirty || saving}>
            Revert
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void onSave()} disabled={!dirty || saving}>
            {saving ? 'Saving…' : 'Save'}
          </button>
        </div>
      </div>
      <AsyncView loading={loading} error={error} hasData={rules !== null} onRetry={() => void load()}>
        {draft && (
          <div className="routing-grid">
            <div className="stack">
              {saveErrors.length > 0 && (
                <div className="error-box" role="alert" data-testid="routing-errors">
                  <div>
                    <strong>{saveErrors.length === 1 ? 'One field needs attention' : `${saveErrors.length} fields need attention`}</strong>
                    <ul className="error-list">
                      {saveErrors.map((e) => (
                        <li key={`${e.field}:${e.message}`}>{e.field ? `${fieldLabel(e.field)}: ${e.message}` : e.message}</li>
                      ))}
                    </ul>
                  </div>
                </div>
              )}
              <RoutingForm draft={draft} errors={saveErrors} edit={edit} />
              <ChainEditor
                title="Aliases"
                description="A name clients can send as the model (e.g. fast): models tried in this order, or one routing name (eco, balanced, precision, auto)."
                nameLabel="Alias name"
                namePlaceholder="alias name"
                rows={draft.aliases}
                modelIds={[...ROUTING_NAMES, ...modelIds]}
                entryNote={aliasNote}
                error={errorFor(saveErrors, 'aliases')}
                onChange={(aliases) => edit((d) => ({ ...d, aliases }))}
              />
              <ChainEditor
                title="Fallback chains"
                description="When this model fails before the first byte, try these next."
                nameLabel="Model that falls back"
                namePlaceholder="provider/model"
                rows={draft.fallbacks}
                modelIds={modelIds}
                entryNote={fallbackNote}
                error={errorFor(saveErrors, 'fallbacks')}
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
