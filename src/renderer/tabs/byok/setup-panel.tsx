// "Set up your tools": snippets with the real proxy URL and the default profile's token.
import * as Tabs from '@radix-ui/react-tabs';
import { useMemo } from 'react';
import { CopyButton } from '../../components/copy-button';
import { LoadingState } from '../../components/async-view';
import { useStatusStore } from '../../header/status-store';
import { buildSetupSnippets } from './setup-snippets';

export function SetupPanel() {
  const status = useStatusStore((s) => s.status);
  const proxyUrl = status?.proxy_url ?? null;
  const token = status?.default_token ?? null;
  // status is polled; rebuild the snippets only when what they show changes
  const snippets = useMemo(() => (proxyUrl ? buildSetupSnippets(proxyUrl, token) : []), [proxyUrl, token]);

  return (
    <section className="card card-pad" aria-labelledby="setup-title" data-testid="setup-panel">
      <h2 id="setup-title">Set up your tools</h2>
      {!status ? (
        <LoadingState />
      ) : (
        <>
          <p className="muted">
            Point any OpenAI- or Anthropic-compatible tool at <code>{status.proxy_url}</code>.
            {status.default_token ? ' Snippets use the default profile token.' : ' Replace the placeholder with a profile token issued above.'}
          </p>
          <Tabs.Root className="setup-tabs" defaultValue={snippets[0]?.id}>
            <Tabs.List className="pill-list" aria-label="Tool">
              {snippets.map((s) => (
                <Tabs.Trigger key={s.id} value={s.id} className="pill">
                  {s.title}
                </Tabs.Trigger>
              ))}
            </Tabs.List>
            {snippets.map((s) => (
              <Tabs.Content key={s.id} value={s.id} className="snippet">
                <p className="muted small">{s.note}</p>
                <div className="code-block">
                  <pre>
                    <code>{s.code}</code>
                  </pre>
                  <div className="code-copy">
                    <CopyButton text={s.code} />
                  </div>
                </div>
              </Tabs.Content>
            ))}
          </Tabs.Root>
        </>
      )}
    </section>
  );
}
