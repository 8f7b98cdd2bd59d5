// "Set up your tools": snippets with the real proxy URL and the selected profile's token (the one just
// issued, the Default profile's file token, or a placeholder), so usage lands on the profile chosen.
import * as Tabs from '@radix-ui/react-tabs';
import { useEffect, useMemo } from 'react';
import { CopyButton } from '../../components/copy-button';
import { LoadingState } from '../../components/async-view';
import { useFirstRunStore } from '../../first-run/first-run-store';
import { useStatusStore } from '../../header/status-store';
import { useRoutingStore } from '../routing/routing-store';
import { useByokStore } from './byok-store';
import { NameSwitchNote } from './name-switch-note';
import { buildSetupSnippets, snippetToken } from './setup-snippets';

export function SetupPanel() {
  const status = useStatusStore((s) => s.status);
  const { users, selectedId, revealed } = useByokStore();
  const noteCopied = useFirstRunStore((s) => s.noteSnippetCopied);
  const proxyUrl = status?.proxy_url ?? null;
  const profile = users?.find((u) => u.id === selectedId) ?? null;
  const token = snippetToken(profile?.id ?? null, revealed, status?.default_token ?? null);
  // status is polled; rebuild the snippets only when what they show changes
  const level = profile?.power_level ?? 'balanced';
  const snippets = useMemo(() => (proxyUrl ? buildSetupSnippets(proxyUrl, token, level) : []), [proxyUrl, token, level]);
  // the Claude Code and Gemini CLI snippets show their name switch; the Routing tab loads the rules when it opens
  useEffect(() => {
    if (!useRoutingStore.getState().rules) void useRoutingStore.getState().load();
  }, []);

  return (
    <section className="card card-pad" aria-labelledby="setup-title" data-testid="setup-panel">
      <h2 id="setup-title">Set up your tools{profile ? ` for ${profile.name}` : ''}</h2>
      {!status ? (
        <LoadingState />
      ) : (
        <>
          <p className="muted" data-testid="setup-token-note">
            Point any OpenAI-, Anthropic- or Gemini-compatible tool at <code>{status.proxy_url}</code>.{' '}
            {token
              ? `The snippets carry ${profile?.name ?? 'this profile'}'s token, so its spend and cap apply.`
              : `Issue a token for ${profile?.name ?? 'a profile'} above (Proxy tokens): it fills in here. Until then the snippets show a placeholder.`}
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
                {s.nameSwitch && <NameSwitchNote need={s.nameSwitch} />}
                {s.blocks.map((b) => (
                  <div key={b.code} className="snippet-block">
                    {b.where && <p className="small snippet-where">{b.where}</p>}
                    <div className="code-block">
                      <pre>
                        <code>{b.code}</code>
                      </pre>
                      <div className="code-copy">
                        <CopyButton text={b.code} label={b.copy} onCopied={noteCopied} />
                      </div>
                    </div>
                  </div>
                ))}
              </Tabs.Content>
            ))}
          </Tabs.Root>
        </>
      )}
    </section>
  );
}
