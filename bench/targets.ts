// The four things the same load is sent to, each its own process: the fake upstream itself
// (direct), a bare undici pass-through, Switchboard and Portkey's gateway.
import { join } from 'node:path';
import { Pool } from 'undici';
import { startChild, type RunningChild } from './child';
import type { LoadRequest } from './load';
import type { BaselineBuild } from './baseline';
import { startPortkey } from './portkey';
import type { PromptSize } from './prompts';
import {
  ANTHROPIC_HEADERS, GEMINI_HEADERS, JSON_HEADERS, OPENAI_HEADERS, anthropicBody, clientApiOf, geminiBody, geminiPath, openaiBody, responsesBody,
  type Route,
} from './requests';
import { startSwitchboard, type BenchModel, type SwitchboardUnderTest } from './switchboard';

import type { TargetName } from './target-names';

export type { TargetName } from './target-names';

/** What the upstream does: answer normally, or one of the fake's special behaviours (fake-upstream.ts). */
export type Variant = 'plain' | 'big' | 'bulk' | 'fail429' | 'fail429RetryAfter';

const VARIANT_PREFIX: Record<Variant, string> = { plain: '', big: '/__big', bulk: '/__bulk', fail429: '/__429once', fail429RetryAfter: '/__429once-ra' };

export interface Target {
  name: TargetName;
  /** the process whose CPU and memory are this target's */
  pid: number;
  /** origin, http://127.0.0.1:PORT */
  url: string;
  pool: Pool;
  /** null: this target cannot serve the route (Portkey takes no Gemini API clients and does not translate Responses) */
  request: (route: Route, stream: boolean, prompt: PromptSize, variant?: Variant) => LoadRequest | null;
}

export interface TargetSet {
  upstream: RunningChild;
  switchboard: SwitchboardUnderTest | null;
  targets: Target[];
  stop: () => Promise<void>;
}

const pool = (url: string): Pool => new Pool(url, { connections: 256, keepAliveTimeout: 30_000 });

type UpstreamFormat = 'chat' | 'anthropic' | 'responses' | 'gemini';

const UPSTREAM_OF: Record<Route, UpstreamFormat> = {
  openai: 'chat', anthropic: 'anthropic', responses: 'responses', 'responses-chat': 'chat', gemini: 'gemini', 'gemini-openai': 'chat',
};

/** The fake serves its special behaviours in these formats only. */
function variantServes(variant: Variant, format: UpstreamFormat): boolean {
  if (variant === 'plain') return true;
  return format === 'chat' || (variant === 'bulk' && format === 'anthropic');
}

/** What a client of the upstream sends: it speaks the upstream's own format, no translation. */
function nativeRequest(route: Route, stream: boolean, prompt: PromptSize, variant: Variant = 'plain'): LoadRequest | null {
  const format = UPSTREAM_OF[route];
  if (!variantServes(variant, format)) return null;
  const at = VARIANT_PREFIX[variant];
  switch (format) {
    case 'anthropic': return { path: `${at}/v1/messages`, headers: ANTHROPIC_HEADERS, body: anthropicBody('bench-model', stream, prompt) };
    case 'gemini': return { path: at + geminiPath('bench-model', stream), headers: GEMINI_HEADERS, body: geminiBody(prompt) };
    case 'responses': return { path: `${at}/v1/responses`, headers: OPENAI_HEADERS, body: responsesBody('bench-model', stream, prompt) };
    default: return { path: `${at}/v1/chat/completions`, headers: OPENAI_HEADERS, body: openaiBody('bench-model', stream, prompt) };
  }
}

/** The Switchboard model whose provider answers a route the way a variant says. */
function switchboardModel(route: Route, variant: Variant): BenchModel | null {
  const format = UPSTREAM_OF[route];
  if (!variantServes(variant, format)) return null;
  if (variant === 'bulk') return format === 'anthropic' ? 'bulkAnthropic' : 'bulk';
  if (variant !== 'plain') return variant;
  return format === 'chat' ? 'openai' : format;
}

function switchboardRequest(sb: SwitchboardUnderTest, route: Route, stream: boolean, prompt: PromptSize, variant: Variant = 'plain'): LoadRequest | null {
  const key = switchboardModel(route, variant);
  if (!key) return null;
  const model = sb.models[key];
  const auth = { ...JSON_HEADERS, authorization: `Bearer ${sb.profileToken}` };
  switch (clientApiOf(route)) {
    case 'gemini': return { path: geminiPath(model, stream), headers: { ...JSON_HEADERS, 'x-goog-api-key': sb.profileToken }, body: geminiBody(prompt) };
    case 'responses': return { path: '/v1/responses', headers: auth, body: responsesBody(model, stream, prompt) };
    default: return { path: '/v1/chat/completions', headers: auth, body: openaiBody(model, stream, prompt) };
  }
}

/** Portkey passes OpenAI chat through, translates it to Anthropic, and passes Responses through. */
function portkeyRequest(upstreamUrl: string, route: Route, stream: boolean, prompt: PromptSize, variant: Variant = 'plain'): LoadRequest | null {
  const format = UPSTREAM_OF[route];
  if (clientApiOf(route) === 'gemini' || route === 'responses-chat' || !variantServes(variant, format)) return null;
  const provider = format === 'anthropic' ? 'anthropic' : 'openai';
  const headers = {
    ...JSON_HEADERS,
    authorization: provider === 'openai' ? 'Bearer sk-bench' : 'Bearer sk-ant-bench',
    'x-portkey-provider': provider,
    'x-portkey-custom-host': `${upstreamUrl}${VARIANT_PREFIX[variant]}/v1`,
  };
  return route === 'responses'
    ? { path: '/v1/responses', headers, body: responsesBody('bench-model', stream, prompt) }
    : { path: '/v1/chat/completions', headers, body: openaiBody('bench-model', stream, prompt) };
}

export interface StartTargetsOptions {
  root: string;
  /** node flags for the Switchboard and pass-through processes, e.g. --cpu-prof */
  nodeArgs?: (target: TargetName) => string[];
  /** which targets to start; direct (the upstream) always runs */
  include: ReadonlySet<TargetName>;
  /** Switchboard at another commit, run beside today's as target `baseline` */
  baseline?: BaselineBuild | null;
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
    const targets: Target[] = [{ name: 'direct', pid: upstream.pid, url: upstream.url, pool: pool(upstream.url), request: nativeRequest }];
    if (opts.include.has('pass-through')) {
      const args = [...(opts.nodeArgs?.('pass-through') ?? []), ...tsx, join(root, 'bench/pass-through.ts'), upstream.url];
      const passThrough = await startChild('pass-through', process.execPath, args, { cwd: root });
      started.push(passThrough);
      log(`pass-through   pid ${passThrough.pid}  ${passThrough.url}`);
      targets.push({ name: 'pass-through', pid: passThrough.pid, url: passThrough.url, pool: pool(passThrough.url), request: nativeRequest });
    }
    let switchboard: SwitchboardUnderTest | null = null;
    if (opts.include.has('switchboard')) {
      const sb = await startSwitchboard(root, upstream.url, opts.nodeArgs?.('switchboard'));
      switchboard = sb;
      started.push(sb.child);
      log(`switchboard    pid ${sb.child.pid}  ${sb.child.url}  data ${sb.dataDir}`);
      targets.push({ name: 'switchboard', pid: sb.child.pid, url: sb.child.url, pool: pool(sb.child.url), request: (...a) => switchboardRequest(sb, ...a) });
    }
    if (opts.baseline) {
      const sb = await startSwitchboard(root, upstream.url, opts.nodeArgs?.('baseline'), opts.baseline.script);
      started.push(sb.child);
      log(`baseline       pid ${sb.child.pid}  ${sb.child.url}  ${opts.baseline.sha.slice(0, 12)}`);
      targets.push({ name: 'baseline', pid: sb.child.pid, url: sb.child.url, pool: pool(sb.child.url), request: (...a) => switchboardRequest(sb, ...a) });
    }
    if (opts.include.has('portkey')) {
      const portkey = await startPortkey(root);
      started.push(portkey);
      log(`portkey        pid ${portkey.pid}  ${portkey.url}`);
      targets.push({ name: 'portkey', pid: portkey.pid, url: portkey.url, pool: pool(portkey.url), request: (...a) => portkeyRequest(upstream.url, ...a) });
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
