// Beside the Claude Code and Gemini CLI snippets: whether the routing switch for the tool's own model names
// is on, and a button that turns it on (saved through the Routing tab's store, so both tabs show the same).
import { useState } from 'react';
import { Badge } from '../../components/badge';
import { toast } from '../../components/toast';
import { useRoutingStore } from '../routing/routing-store';
import type { NameSwitchNeed } from './setup-snippets';

export function NameSwitchNote({ need }: { need: NameSwitchNeed }) {
  const rules = useRoutingStore((s) => s.rules);
  const setNameSwitch = useRoutingStore((s) => s.setNameSwitch);
  const [busy, setBusy] = useState(false);
  if (!rules) return null;
  const on = rules[need.rule];

  const turnOn = async () => {
    setBusy(true);
    const r = await setNameSwitch(need.rule, true);
    setBusy(false);
    if (r.ok) toast.ok(`${need.label} turned on`);
    else toast.bad(r.error.message);
  };

  return (
    <div className="name-switch-note" data-testid={`name-switch-${need.rule}`}>
      <span>
        Routing tab, “{need.label}”: <Badge tone={on ? 'ok' : 'warn'}>{on ? 'on' : 'off'}</Badge>
      </span>
      {!on && (
        <button type="button" className="btn btn-small btn-primary" disabled={busy} onClick={() => void turnOn()}>
          {busy ? 'Turning on…' : `Turn on ${need.label}`}
        </button>
      )}
      <p className="muted small">{need.why}</p>
    </div>
  );
}
