// The four things the same load is sent to, each its own process: the fake upstream itself
// (direct), a bare undici pass-through, Switchboard and Portkey's gateway.
import { join } from 'node:path';
import { Pool } from 'undici';
import { startChild, type RunningChild } from './child';
import type { LoadRequest } from './load';
import { startPortkey } from './portkey';
import { ANTHROPIC_HEADERS, JSON_HEADERS, OPENAI_HEADERS, anthropicBody, openaiBody, responsesBody, type Route } from './requests';
import { startSwitchboard, type SwitchboardUnderTest } from './switchboard';

import type { TargetName } from './target-names';

export type { TargetName } from './target-names';

export interface Target {
  name: TargetName;
  /** the process whose CPU and memory are this target's */
  pid: number;
  pool: Pool;
  /** null: this target cannot serve the route (it does not translate Responses to chat) */
  request: (route: Route, stream: boolean) => LoadRequest | null;
}

export interface TargetSet {
  upstream: RunningChild;
  switchboard: SwitchboardUnderTest | null;
  targets: Target[];
  stop: () => Promise<void>;
}

const pool = (url: string): Pool => new Pool(url, { connections: 256, keepAliveTimeout: 30_000 });

/** What a client of the upstream sends: it speaks the upstream's own format, no translation. */
function nativeRequest(route: Route, stream: boolean): LoadRequest {
  if (route === 'anthropic') return { path: '/v1/messages', headers: ANTHROPIC_HEADERS, body: anthropicBody('bench-model', stream) };
  if (route === 'responses') return { path: '/v1/responses', headers: OPENAI_HEADERS, body: responsesBody('bench-model', stream) };
  return { path: '/v1/chat/completions', headers: OPENAI_HEADERS, body: openaiBody('bench-model', stream) };
}

/** The model Switchboard is asked for on each route. */
function switchboardRequest(sb: SwitchboardUnderTest, auth: Record<string, string>, route: Route, stream: boolean): LoadRequest {
  switch (route) {
    case 'openai': return { path: '/v1/chat/completions', headers: auth, body: openaiBody(sb.openaiModel, stream) };
    case 'anthropic': return { path: '/v1/chat/completions', headers: auth, body: openaiBody(sb.anthropicModel, stream) };
    case 'responses': return { path: '/v1/responses', headers: auth, body: responsesBody(sb.responsesModel, stream) };
    case 'responses-chat': return { path: '/v1/responses', headers: auth, body: responsesBody(sb.openaiModel, stream) };
  }
}

export interface StartTargetsOptions {
  root: string;
  /** node flags for the Switchboard and pass-through processes, e.g. --cpu-prof */
  nodeArgs?: (target: TargetName) => string[];
  /** which targets to start; direct (the upstream) always runs */
  include: ReadonlySet<TargetName>;
  log: (line: string) => void;
}

export async function startTargets(opts: StartTargetsOptions): Promise<TargetSet> {
  const { root, log } = opts;
  const tsx = ['--import', 'tsx'];
  const started: RunningChild[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all(started.map((c) => c.stop()));
  };
  try {
    const upstream = await startChild('fake upstream', process.execPath, [...tsx, join(root, 'bench/fake-upstream.ts')], { cwd: root });
    started.push(upstream);
    log(`fake upstream  pid ${upstream.pid}  ${upstream.url}`);
    const targets: Target[] = [{ name: 'direct', pid: upstream.pid, pool: pool(upstream.url), request: nativeRequest }];
    if (opts.include.has('pass-through')) {
      const args = [...(opts.nodeArgs?.('pass-through') ?? []), ...tsx, join(root, 'bench/pass-through.ts'), upstream.url];
      const passThrough = await startChild('pass-through', process.execPath, args, { cwd: root });
      started.push(passThrough);
      log(`pass-through   pid ${passThrough.pid}  ${passThrough.url}`);
      targets.push({ name: 'pass-through', pid: passThrough.pid, pool: pool(passThrough.url), request: nativeRequest });
    }
    let switchboard: SwitchboardUnderTest | null = null;
    if (opts.include.has('switchboard')) {
      const sb = await startSwitchboard(root, upstream.url, opts.nodeArgs?.('switchboard'));
      switchboard = sb;
      started.push(sb.child);
      log(`switchboard    pid ${sb.child.pid}  ${sb.child.url}  data ${sb.dataDir}`);
      const auth = { ...JSON_HEADERS, authorization: `Bearer ${sb.profileToken}` };
      targets.push({
        name: 'switchboard', pid: sb.child.pid, pool: pool(sb.child.url),
        request: (route, stream) => switchboardRequest(sb, auth, route, stream),
      });
    }
    if (opts.include.has('portkey')) {
      const portkey = await startPortkey(root);
      started.push(portkey);
      log(`portkey        pid ${portkey.pid}  ${portkey.url}`);
      const headers = (provider: 'openai' | 'anthropic'): Record<string, string> => ({
        ...JSON_HEADERS,
        authorization: provider === 'openai' ? 'Bearer sk-bench' : 'Bearer sk-ant-bench',
        'x-portkey-provider': provider,
        'x-portkey-custom-host': `${upstream.url}/v1`,
      });
      targets.push({
        name: 'portkey', pid: portkey.pid, pool: pool(portkey.url),
        request: (route, stream) => {
          if (route === 'responses') return { path: '/v1/responses', headers: headers('openai'), body: responsesBody('bench-model', stream) };
          if (route === 'responses-chat') return null;
          return { path: '/v1/chat/completions', headers: headers(route), body: openaiBody('bench-model', stream) };
        },
      });
    }
    return {
      upstream, switchboard, targets,
      stop: async () => {
        await Promise.all(targets.map((t) => t.pool.close()));
        await stopAll();
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
