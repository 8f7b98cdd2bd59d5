// One provider in the table, with its Test / Discover results shown in a row beneath.
import type { Provider } from '../../../shared/types';
import { Badge, type BadgeTone } from '../../components/badge';
import { Toggle } from '../../components/toggle';
import { toast } from '../../components/toast';
import { formatDateTime, formatMs } from '../../lib/format';
import { PROVIDER_TYPE_LABELS } from './provider-defaults';
import { useProvidersStore, type ActionState } from './providers-store';
import type { ProviderTestResult } from '../../../shared/types';
import { DiscoverResultLine } from './discover-result';

const HEALTH_TONE: Record<Provider['health']['status'], BadgeTone> = { healthy: 'ok', unhealthy: 'bad', unknown: 'neutral', not_running: 'warn' };
const HEALTH_LABEL: Record<Provider['health']['status'], string> = { healthy: 'healthy', unhealthy: 'unhealthy', unknown: 'unknown', not_running: 'not running' };

interface ProviderRowProps {
  provider: Provider;
  onEdit: () => void;
  onDelete: () => void;
}

export function ProviderRow({ provider: p, onEdit, onDelete }: ProviderRowProps) {
  const { update, test, discover } = useProvidersStore();
  const testState = useProvidersStore((s) => s.tests[p.id]);
  const discoverState = useProvidersStore((s) => s.discoveries[p.id]);

  const setEnabled = async (enabled: boolean) => {
    const r = await update(p.id, { enabled });
    if (!r.ok) toast.bad(r.error.message);
  };

  return (
    <>
      <tr>
        <td>
          <div className="cell-title">{p.name}</div>
          <div className="cell-sub">{p.id}</div>
        </td>
        <td className="col-type">{PROVIDER_TYPE_LABELS[p.type] ?? p.type}</td>
        <td className="cell-url">
          <code title={p.base_url}>{p.base_url}</code>
        </td>
        <td>
          <Toggle checked={p.enabled} label={`Enable ${p.name}`} onChange={(v) => void setEnabled(v)} />
        </td>
        <td>
          <KeyState provider={p} />
        </td>
        <td>
          <Badge tone={HEALTH_TONE[p.health.status]} title={healthTitle(p)}>
            {testState?.pending ? 'testing…' : HEALTH_LABEL[p.health.status]}
          </Badge>
          {p.health.last_latency_ms !== null && <div className="cell-sub">{formatMs(p.health.last_latency_ms)}</div>}
        </td>
        <td className="actions-col">
          <div className="row-actions">
            <button type="button" className="btn btn-small" disabled={testState?.pending} onClick={() => void test(p.id)}>
              {testState?.pending ? 'Testing…' : 'Test'}
            </button>
            <button type="button" className="btn btn-small" disabled={discoverState?.pending} onClick={() => void discover(p.id)}>
              {discoverState?.pending ? (
                'Discovering…'
              ) : (
                <>
                  Discover<span className="hide-narrow"> models</span>
                </>
              )}
            </button>
            <button type="button" className="btn btn-small" onClick={onEdit} aria-label={`Edit ${p.name}`}>
              Edit
            </button>
            <button type="button" className="btn btn-small btn-danger-text" onClick={onDelete} aria-label={`Delete ${p.name}`}>
              Delete
            </button>
          </div>
        </td>
      </tr>
      {(isSettled(testState) || isSettled(discoverState)) && (
        <tr className="result-row">
          <td colSpan={7}>
            <TestResult state={testState} />
            <DiscoverResultLine providerId={p.id} state={discoverState} />
          </td>
        </tr>
      )}
    </>
  );
}

function isSettled<T>(s: ActionState<T> | undefined): boolean {
  return s !== undefined && !s.pending;
}

function healthTitle(p: Provider): string {
  const checked = p.health.last_checked_at ? `checked ${formatDateTime(p.health.last_checked_at)}` : 'never checked';
  return p.health.message ? `${checked}: ${p.health.message}` : checked;
}

function KeyState({ provider: p }: { provider: Provider }) {
  if (p.has_key) {
    return (
      <span className="key-cell">
        <code>{p.api_key_masked}</code>
        <span className="cell-sub">{p.key_source === 'env' ? 'environment' : 'stored'}</span>
      </span>
    );
  }
  return p.keyless ? <span className="muted nowrap">not needed</span> : <Badge tone="warn">no key</Badge>;
}

function TestResult({ state }: { state: ActionState<ProviderTestResult> | undefined }) {
  if (!state || state.pending) return null;
  if ('error' in state) return <div className="result-line result-bad">Test failed: {state.error.message}</div>;
  const r = state.result;
  return (
    <div className={`result-line ${r.ok ? 'result-ok' : 'result-bad'}`} data-testid="provider-test-result">
      <strong>{r.ok ? 'Connection OK' : 'Connection failed'}</strong>
      <span>{formatMs(r.latency_ms)}</span>
      {r.status !== null && <span>HTTP {r.status}</span>}
      {r.models_found > 0 && <span>{r.models_found} models listed</span>}
      {r.message && !(r.ok && r.message.toLowerCase() === 'ok') && <span className="muted">{r.message}</span>}
    </div>
  );
}
