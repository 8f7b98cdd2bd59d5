// App settings: launch at login (desktop), how long request details are kept, the proxy's port, and the
// configuration as one JSON file to back up or move a setup (never keys or tokens).
import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import type { ConfigImportResult } from '../../shared/config-types';
import type { Settings } from '../../shared/types';
import { useAuthStore } from '../bridge/auth-store';
import { bridge } from '../bridge/bridge';
import { useStatusStore } from '../header/status-store';
import { ErrorBox } from '../components/async-view';
import { Field } from '../components/field';
import { FormFooter, Modal } from '../components/modal';
import { toast } from '../components/toast';
import { downloadText } from '../lib/download';
import { readDecimal } from '../lib/decimal';
import { attempt, errorSlot, type UiError } from '../lib/errors';
import { reloadAfterImport } from './reload-after-import';

export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const desktop = useAuthStore((s) => s.mode === 'desktop');
  const [settings, setSettings] = useState<Settings | null>(null);
  const [retention, setRetention] = useState('');
  const [port, setPort] = useState('');
  const listeningPort = useStatusStore((s) => portOf(s.status?.proxy_url));
  const [launch, setLaunch] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void attempt(() => bridge().getSettings(undefined)).then((r) => {
      if (!r.ok) return setError(r.error);
      setSettings(r.value);
      setRetention(String(r.value.usage_retention_days));
      setPort(String(r.value.proxy_port));
      setLaunch(r.value.launch_at_login === true);
    });
  }, []);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!settings) return;
    // a plain decimal only: Number() alone reads '0x10' as 16 days
    const days = readDecimal(retention) ?? Number.NaN;
    if (!Number.isInteger(days) || days < 1 || days > 3650) {
      return setError({ status: 400, message: 'Whole days from 1 to 3650', field: 'usage_retention_days' });
    }
    const patch: Partial<Settings> = {};
    if (days !== settings.usage_retention_days) patch.usage_retention_days = days;
    // anything but a plain number goes as typed, so the admin API refuses it with its own message
    const portValue = readDecimal(port) ?? port;
    if (portValue !== settings.proxy_port) patch.proxy_port = portValue as number;
    if (desktop && launch !== (settings.launch_at_login === true)) patch.launch_at_login = launch;
    setBusy(true);
    const r = await attempt(() => bridge().updateSettings(patch));
    setBusy(false);
    if (!r.ok) return setError(r.error);
    toast.ok(patch.proxy_port === undefined ? 'Settings saved' : `Settings saved: the proxy uses port ${patch.proxy_port} from the next start`);
    onClose();
  };

  return (
    <Modal
      open
      title="Settings"
      onClose={onClose}
      footer={<FormFooter form="settings-form" label="Save" busy={busy} disabled={!settings} onCancel={onClose} />}
    >
      <form id="settings-form" className="form-grid" onSubmit={(e) => void save(e)} noValidate>
        {error && errorSlot(error.field, ['usage_retention_days', 'proxy_port']) === 'form' && <div className="error-box span-2">{error.message}</div>}
        <Field
          label="Keep request details for (days)"
          error={error?.field === 'usage_retention_days' ? error.message : null}
          hint="Single requests (the Activity tab, CSV) older than this are deleted; daily totals stay."
          className="span-2"
        >
          {(id, d) => <input id={id} aria-describedby={d} inputMode="numeric" value={retention} onChange={(e) => setRetention(e.target.value)} />}
        </Field>
        <Field
          label="Proxy port"
          error={error?.field === 'proxy_port' ? error.message : null}
          hint={portHint(listeningPort)}
          className="span-2"
        >
          {(id, d) => <input id={id} aria-describedby={d} inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} />}
        </Field>
        {desktop && (
          <div className="field field-inline span-2">
            <input id="settings-launch" type="checkbox" checked={launch} onChange={(e) => setLaunch(e.target.checked)} />
            <label htmlFor="settings-launch">Start Switchboard when I log in (to the tray, so tools pointed at the proxy keep working)</label>
          </div>
        )}
      </form>
      <ConfigTransfer />
    </Modal>
  );
}

function portOf(url: string | undefined): number | null {
  if (!url) return null;
  try {
    const { port, protocol } = new URL(url);
    return port ? Number(port) : protocol === 'https:' ? 443 : 80;
  } catch {
    return null;
  }
}

/**
 * The running proxy keeps the port it started on (the headless UI is served from it too, so a live move would
 * cut this page off): a new port applies at the next start, unless SWITCHBOARD_PORT (or serve's --port) is given.
 */
function portHint(listening: number | null): string {
  const now = listening === null ? '' : `The proxy is listening on port ${listening} now. `;
  return `${now}A change applies the next time Switchboard starts (SWITCHBOARD_PORT or serve's --port outrank it); then point your tools at the new port.`;
}

/** Export the configuration as a file; import one (checked whole: all of it or nothing). */
function ConfigTransfer() {
  const [result, setResult] = useState<(ConfigImportResult & { routingEditsReplaced: boolean }) | null>(null);
  const [error, setError] = useState<string | null>(null);

  const exportConfig = async () => {
    const r = await attempt(() => bridge().exportConfig(undefined));
    if (!r.ok) return toast.bad(`Export failed: ${r.error.message}`);
    downloadText(`${JSON.stringify(r.value, null, 2)}\n`, `switchboard-config-${r.value.exported_at.slice(0, 10)}.json`, 'application/json');
  };

  const importConfig = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setResult(null);
    let doc: unknown;
    try {
      doc = JSON.parse(await file.text());
    } catch {
      return setError(`${file.name} is not a JSON file`);
    }
    const r = await attempt(() => bridge().importConfig(doc));
    if (!r.ok) return setError(r.error.field ? `${r.error.field}: ${r.error.message}. Nothing was changed.` : `${r.error.message}. Nothing was changed.`);
    setError(null);
    const { routingEditsReplaced } = await reloadAfterImport();
    setResult({ ...r.value, routingEditsReplaced });
    toast.ok('Configuration imported');
  };

  const line = (what: string, c: { created: number; updated: number }) => `${what}: ${c.created} added, ${c.updated} updated`;
  return (
    <section className="config-transfer" aria-labelledby="config-title">
      <h3 id="config-title">Configuration file</h3>
      <p className="muted small">Providers, models, routing rules and profiles as one JSON file, to back up or move a setup. Keys and tokens are never in it.</p>
      <div className="button-row">
        <button type="button" className="btn btn-small" onClick={() => void exportConfig()}>
          Export configuration
        </button>
        <label className="btn btn-small file-button">
          Import configuration…
          <input type="file" accept="application/json,.json" className="sr-only" onChange={(e) => void importConfig(e)} />
        </label>
      </div>
      {error && <ErrorBox message={error} />}
      {result && (
        <ul className="plain-list small" data-testid="import-result">
          <li>{line('Providers', result.providers)}</li>
          <li>{line('Models', result.models)}</li>
          <li>{line('Profiles', result.profiles)}</li>
          {result.routingEditsReplaced && <li data-testid="routing-edits-replaced"><strong>Your unsaved edits in the Routing tab were replaced by the imported rules.</strong></li>}
          {result.notes.map((n) => (
            <li key={n} className="muted">
              {n}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
