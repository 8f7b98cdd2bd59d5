// The window: status header, the first-run checklist until a request succeeds, then the tabs.
// Headless mode asks for the admin token first. Leaving a tab with unsaved edits asks first.
import * as Tabs from '@radix-ui/react-tabs';
import { useEffect, useRef, useState } from 'react';
import { useAuthStore } from './bridge/auth-store';
import { StatusHeader } from './header/status-header';
import { LoginForm } from './login/login-form';
import { ConfirmDialog } from './components/confirm-dialog';
import { ToastArea } from './components/toast';
import { FirstRunChecklist } from './first-run/first-run-checklist';
import { installBeforeUnload, useLeaveGuard } from './lib/leave-guard';
import { setTabOpener } from './lib/navigation';
import { ProvidersTab } from './tabs/providers/providers-tab';
import { ModelsTab } from './tabs/models/models-tab';
import { RoutingTab } from './tabs/routing/routing-tab';
import { UsageTab } from './tabs/usage/usage-tab';
import { ActivityTab } from './tabs/activity/activity-tab';
import { ByokTab } from './tabs/byok/byok-tab';

const TABS = [
  { id: 'providers', label: 'Providers', view: ProvidersTab },
  { id: 'models', label: 'Models', view: ModelsTab },
  { id: 'routing', label: 'Routing', view: RoutingTab },
  { id: 'usage', label: 'Usage', view: UsageTab },
  { id: 'activity', label: 'Activity', view: ActivityTab },
  { id: 'byok', label: 'BYOK', view: ByokTab },
] as const;

export function App() {
  const needsLogin = useAuthStore((s) => s.needsLogin);
  const session = useAuthStore((s) => s.session);
  const [tab, setTab] = useState<string>('providers');
  const [leavingFor, setLeavingFor] = useState<string | null>(null);
  const guard = useLeaveGuard((s) => s.guards[tab]);

  const switchTo = (next: string): void => {
    if (next === tab) return;
    if (guard) setLeavingFor(next);
    else setTab(next);
  };

  useEffect(() => installBeforeUnload(), []);
  // a tab that sends the user to another goes through switchTo, as a click on that tab does; the button pressed
  // goes with the tab it was on, so the focus moves to the opened tab's trigger, not down to <body> (with unsaved
  // edits the leave dialog's returnFocus does that)
  const focusOpened = useRef(false);
  useEffect(() => {
    setTabOpener((next) => {
      focusOpened.current = next !== tab && !guard;
      switchTo(next);
    });
    return () => setTabOpener(null);
  });
  useEffect(() => {
    if (!focusOpened.current) return;
    focusOpened.current = false;
    selectedTabTrigger()?.focus();
  }, [tab]);

  if (needsLogin) return <LoginForm />;

  return (
    // keyed by session so every store reloads after a fresh login
    <div className="app" key={session}>
      <StatusHeader />
      <FirstRunChecklist onGoTo={switchTo} />
      <Tabs.Root className="tabs" value={tab} onValueChange={switchTo}>
        <Tabs.List className="tab-list" aria-label="Sections">
          {TABS.map((t) => (
            <Tabs.Trigger key={t.id} value={t.id} className="tab-trigger">
              {t.label}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        {TABS.map(({ id, view: View }) => (
          <Tabs.Content key={id} value={id} className="tab-content">
            <View />
          </Tabs.Content>
        ))}
      </Tabs.Root>
      {leavingFor !== null && guard && (
        <ConfirmDialog
          open
          title="Discard unsaved changes?"
          message={`Your changes to the ${guard.what} are not saved. Leave this tab and lose them?`}
          confirmLabel="Discard changes"
          cancelLabel="Keep editing"
          // not the tab clicked, which would ask again as it takes the focus (tabs switch on focus): the one shown
          returnFocus={selectedTabTrigger}
          onCancel={() => setLeavingFor(null)}
          onConfirm={() => {
            guard.discard();
            setTab(leavingFor);
            setLeavingFor(null);
          }}
        />
      )}
      <ToastArea />
    </div>
  );
}

/** The trigger of the tab shown. */
function selectedTabTrigger(): HTMLElement | null {
  return document.querySelector<HTMLElement>('.tab-list [role="tab"][aria-selected="true"]');
}
