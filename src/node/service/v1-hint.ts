// A provider test or discovery that got 404 for the model listing of an OpenAI-compatible URL lacking `/v1`:
// where the listing is, when `<url>/v1` has it.
import type { ProviderEntry } from '../../core/catalog';
import { UpstreamFailure } from '../../core/canonical';
import { adapterFor } from '../../core/providers';
import { readErrorBody } from '../http/error-body';
import type { UpstreamClient } from '../http/upstream-client';

const PROBE_TIMEOUT_MS = 5_000;

/**
 * An OpenAI-format base URL with no version in its path (`http://127.0.0.1:8000`, where vLLM, Ollama and LM
 * Studio serve `/v1`) gets 404 for `/models`: when `<url>/v1/models` answers (a listing, or a refusal of the
 * key: the route is there), that URL, for the 404 to suggest. The stored URL is left as the user set it.
 */
export async function v1Suggestion(upstream: Pick<UpstreamClient, 'send'>, p: ProviderEntry, apiKey: string | undefined): Promise<string | null> {
  if (p.format !== 'openai') return null;
  let path: string;
  try {
    path = new URL(p.baseUrl).pathname;
  } catch {
    return null;
  }
  if (hasVersion(path)) return null;
  const suggested = `${p.baseUrl.replace(/\/+$/, '')}/v1`;
  try {
    const req = adapterFor(p.format).buildListModelsRequest({ baseUrl: suggested, apiKey, providerType: p.type });
    const res = await upstream.send(req, { headersTimeoutMs: PROBE_TIMEOUT_MS, bodyTimeoutMs: PROBE_TIMEOUT_MS });
    await readErrorBody(res.body, res.headers);
    return (res.statusCode >= 200 && res.statusCode < 300) || res.statusCode === 401 || res.statusCode === 403 ? suggested : null;
  } catch {
    return null;
  }
}

const hasVersion = (path: string): boolean => /\/v\d+[a-z]*(?:\/|$)/i.test(path);

/**
 * The 404, saying where the listing is when `suggested` is known; else naming the URL tried (its query left out)
 * and what the base URL of an OpenAI-compatible server without a version in its path usually lacks.
 */
export function withV1Hint(failure: UpstreamFailure, suggested: string | null, p: ProviderEntry, tried: string): UpstreamFailure {
  if (suggested === null) {
    const said = failure.error.message.trim();
    let versionless = false;
    try {
      versionless = p.format === 'openai' && !hasVersion(new URL(p.baseUrl).pathname);
    } catch {
      // a base URL that is no URL: nothing to say of its path
    }
    const hint = versionless
      ? "check the base URL: an OpenAI-compatible server's usually ends in /v1 (http://127.0.0.1:8000/v1 for vLLM)"
      : 'check the base URL';
    const message = `nothing at ${tried.split('?')[0]}${said ? ` (the server said: ${said})` : ''}: ${hint}`;
    return new UpstreamFailure({ ...failure.error, message });
  }
  return new UpstreamFailure({ ...failure.error, message: `${failure.error.message}: did you mean ${suggested}? The server lists its models there; set it as the base URL` });
}
