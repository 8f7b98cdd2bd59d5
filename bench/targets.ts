// The four things the same load is sent to, each its own process: the fake upstream itself
// (direct), a bare undici pass-through, Switchboard and Portkey's gateway.
import { join } from 'node:path';
import { Pool } from 'undici';
import { startChild, type RunningChild } from './child';
import type { LoadRequest } from './load';
import { startPortkey } from './portkey';
import {
  ANTHROPIC_HEADERS, GEMINI_HEADERS, JSON_HEADERS, OPENAI_HEADERS, anthropicBody, clientApiOf, geminiBody, geminiPath, openaiBody, type Route,
} from './requests';
import { startSwitchboard, type SwitchboardUnderTest } from './switchboard';

import type { TargetName } from './target-names';

export type { TargetName } from './target-names';

export interface Target {
  name: TargetName;
  /** the process whose CPU and memory are this target's */
  pid: number;
  pool: Pool;
  /** null: this target does not speak the route's client API (Portkey takes no Gemini API clients) */
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
  if (route === 'gemini') return { path: geminiPath('bench-model', stream), headers: GEMINI_HEADERS, body: geminiBody() };
  return { path: '/v1/chat/completions', headers: OPENAI_HEADERS, body: openaiBody('bench-model', stream) };
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
      const googleAuth = { ...JSON_HEADERS, 'x-goog-api-key': sb.profileToken };
      const models: Record<Route, string> = { openai: sb.openaiModel, anthropic: sb.anthropicModel, gemini: sb.geminiModel, 'gemini-openai': sb.openaiModel };
      targets.push({
        name: 'switchboard', pid: sb.child.pid, pool: pool(sb.child.url),
        request: (route, stream) => (clientApiOf(route) === 'gemini'
          ? { path: geminiPath(models[route], stream), headers: googleAuth, body: geminiBody() }
          : { path: '/v1/chat/completions', headers: auth, body: openaiBody(models[route], stream) }),
      });
    }
    if (opts.include.has('portkey')) {
      const portkey = await startPortkey(root);
      started.push(portkey);
      log(`portkey        pid ${portkey.pid}  ${portkey.url}`);
      const headers = (route: Route): Record<string, string> => ({
        ...JSON_HEADERS,
        authorization: route === 'openai' ? 'Bearer sk-bench' : 'Bearer sk-ant-bench',
        'x-portkey-provider': route,
        'x-portkey-custom-host': `${upstream.url}/v1`,
      });
      targets.push({
        name: 'portkey', pid: portkey.pid, pool: pool(portkey.url),
        request: (route, stream) => (route === 'openai' || route === 'anthropic'
          ? { path: '/v1/chat/completions', headers: headers(route), body: openaiBody('bench-model', stream) }
          : null),
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
