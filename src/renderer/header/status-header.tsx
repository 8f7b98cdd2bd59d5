// The bar above the tabs: proxy URL, paused state and today's spend, kept fresh by polling.
import { useEffect, useState } from 'react';
import { useStatusStore, STATUS_POLL_MS } from './status-store';
import { Badge } from '../components/badge';
import { CopyButton } from '../components/copy-button';
import { toast } from '../components/toast';
import { formatInt, formatUsd, unpricedNote } from '../lib/format';
import { SettingsDialog } from '../settings/settings-dialog';

/** '+ 2 unpriced' (in full as its title and to screen readers): the header keeps to one line at 1280 px */
function UnpricedNote({ n }: { n: number }) {
  const full = unpricedNote(n);
  return (
    <span className="unpriced-note" title={full}>
      <span aria-hidden="true">+ {formatInt(n)} unpriced</span>
      <span className="sr-only">{full}</span>
    </span>
  );
}

export function StatusHeader() {
  const { status, error, load, setPaused } = useStatusStore();
  const [settingsOpen, setSettingsOpen] = useState(false);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), STATUS_POLL_MS);
    return () => clearInterval(timer);
  }, [load]);

  const togglePause = async () => {
    if (!status) return;
    const problem = await setPaused(!status.paused);
    if (problem) toast.bad(problem);
    else toast.ok(status.paused ? 'Proxy resumed' : 'Proxy paused');
  };

  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ⇄
        </span>
        <span className="brand-name">Switchboard</span>
        {status && <span className="brand-version">v{status.version}</span>}
      </div>
      {status ? (
        <div className="header-status" aria-label="Proxy status">
          <div className="header-item">
            <span className="header-label">Proxy</span>
            <code className="header-url">{status.proxy_url}</code>
            <CopyButton text={status.proxy_url} />
          </div>
          <div className="header-item">
            {status.paused ? <Badge tone="warn">Paused</Badge> : <Badge tone="ok">Running</Badge>}
            <button type="button" className="btn btn-small" onClick={() => void togglePause()}>
              {status.paused ? 'Resume' : 'Pause'}
            </button>
          </div>
          <div className="header-item" title="Spend of every profile; days and months are UTC, as the monthly caps count them">
            {/* a label and its figure wrap as one, never apart (a 390 px window wraps the item) */}
            <span className="header-pair">
              <span className="header-label">Today</span>
              <strong data-testid="today-spend">{formatUsd(status.today_spend_usd)}</strong>
            </span>
            {status.today_unpriced_requests > 0 && <UnpricedNote n={status.today_unpriced_requests} />}
            <span className="header-pair">
              <span className="header-label">This month</span>
              <strong data-testid="month-spend">{formatUsd(status.month_spend_usd)}</strong>
            </span>
            {status.month_unpriced_requests > 0 && <UnpricedNote n={status.month_unpriced_requests} />}
            <span className="header-label">all profiles, UTC</span>
          </div>
          {!status.secret_store.available && (
            <Badge tone="bad" title={status.secret_store.message ?? undefined}>
              Secret store unavailable
            </Badge>
          )}
        </div>
      ) : (
        <div className="header-status muted">{error ? `Status unavailable: ${error}` : 'Connecting…'}</div>
      )}
      <button type="button" className="btn btn-small header-settings" onClick={() => setSettingsOpen(true)}>
        Settings
      </button>
      {settingsOpen && <SettingsDialog onClose={() => setSettingsOpen(false)} />}
    </header>
  );
}
