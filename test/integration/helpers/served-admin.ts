// The admin API of a Switchboard process a test started (`scripts/serve.mjs`), with its admin token.

/** `path` under /api/v1/llm; the parsed JSON answer, or an error naming the status and answer when not 2xx. */
export async function servedAdmin(s: { url: string; adminToken: string }, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${s.url}/api/v1/llm${path}`, {
    method,
    headers: { authorization: `Bearer ${s.adminToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
