// The window: status header, then five tabs. Headless mode asks for the admin token first.
import * as Tabs from '@radix-ui/react-tabs';
import { useState } from 'react';
import { useAuthStore } from './bridge/auth-store';
import { StatusHeader } from './header/status-header';
import { LoginForm } from './login/login-form';
import { ToastArea } from './components/toast';
import { ProvidersTab } from './tabs/providers/providers-tab';
import { ModelsTab } from './tabs/models/models-tab';
import { RoutingTab } from './tabs/routing/routing-tab';
import { UsageTab } from './tabs/usage/usage-tab';
import { ByokTab } from './tabs/byok/byok-tab';

const TABS = [
  { id: 'providers', label: 'Providers', view: ProvidersTab },
  { id: 'models', label: 'Models', view: ModelsTab },
  { id: 'routing', label: 'Routing', view: RoutingTab },
  { id: 'usage', label: 'Usage', view: UsageTab },
  { id: 'byok', label: 'BYOK', view: ByokTab },
] as const;

export function App() {
  const needsLogin = useAuthStore((s) => s.needsLogin);
  const session = useAuthStore((s) => s.session);
  const [tab, setTab] = useState<string>('providers');

  if (needsLogin) return <LoginForm />;

  return (
    // keyed by session so every store reloads after a fresh login
    <div className="app" key={session}>
      <StatusHeader />
      <Tabs.Root className="tabs" value={tab} onValueChange={setTab}>
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
      <ToastArea />
    </div>
  );
}
