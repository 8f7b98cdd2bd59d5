// The headless Bridge: one HTTP call per admin method, generated from ADMIN_ROUTES so a new
// method in the contract needs no code here.
import {
  ADMIN_METHOD_NAMES,
  ADMIN_ROUTES,
  AdminError,
  type AdminMethod,
  type Bridge,
  type HttpRoute,
} from '../../shared/contract';

export interface HttpBridgeOptions {
  /** injected for tests; defaults to the global fetch */
  fetch?: typeof fetch;
  /** called before the error is thrown when the server answers 401 */
  onUnauthorized?: () => void;
}

export interface HttpRequestPlan {
  method: HttpRoute['method'];
  url: string;
  body: string | undefined;
}

type InputRecord = Record<string, unknown>;

const PARAM = /\{(\w+)\}/g;

function pathParams(path: string): string[] {
  return [...path.matchAll(PARAM)].map((m) => m[1] as string);
}

/** Turns one method call into the HTTP request the admin API expects. Pure, so it is unit-tested. */
export function planRequest(baseUrl: string, route: HttpRoute, input: unknown): HttpRequestPlan {
  const fields: InputRecord = input !== null && typeof input === 'object' ? (input as InputRecord) : {};
  const params = pathParams(route.path);
  const path = route.path.replace(PARAM, (_, name: string) => {
    const value = fields[name];
    if (value === undefined || value === null || value === '') {
      throw new AdminError(400, `missing ${name}`, name);
    }
    // model ids carry a '/', which must stay inside one path segment
    return encodeURIComponent(String(value));
  });

  const query = new URLSearchParams();
  for (const name of route.query ?? []) {
    const value = fields[name];
    if (value !== undefined && value !== null && value !== '') query.set(name, String(value));
  }
  const qs = query.toString();
  const url = `${baseUrl.replace(/\/$/, '')}${path}${qs ? `?${qs}` : ''}`;

  let body: string | undefined;
  if (route.body === 'all') {
    const rest: InputRecord = {};
    for (const [k, v] of Object.entries(fields)) if (!params.includes(k)) rest[k] = v;
    body = JSON.stringify(rest);
  } else if (route.body !== undefined) {
    body = JSON.stringify(fields[route.body] ?? {});
  } else if (route.method === 'POST' || route.method === 'PUT') {
    // the server refuses non-JSON POST bodies; an empty object is the honest "no input"
    body = '{}';
  }
  return { method: route.method, url, body };
}

async function readError(res: Response): Promise<AdminError> {
  const text = await res.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown; field?: unknown } };
    const message = typeof parsed.error?.message === 'string' ? parsed.error.message : `HTTP ${res.status}`;
    const field = typeof parsed.error?.field === 'string' ? parsed.error.field : undefined;
    return new AdminError(res.status, message, field);
  } catch {
    return new AdminError(res.status, text.trim().slice(0, 200) || `HTTP ${res.status}`);
  }
}

export function createHttpBridge(
  baseUrl: string,
  getToken: () => string | null,
  options: HttpBridgeOptions = {},
): Bridge {
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));

  async function call(method: AdminMethod, input: unknown): Promise<unknown> {
    const route = ADMIN_ROUTES[method];
    const plan = planRequest(baseUrl, route, input);
    const headers: Record<string, string> = { accept: route.produces ?? 'application/json' };
    const token = getToken();
    if (token) headers.authorization = `Bearer ${token}`;
    if (plan.body !== undefined) headers['content-type'] = 'application/json';

    let res: Response;
    try {
      res = await doFetch(plan.url, { method: plan.method, headers, body: plan.body });
    } catch (err) {
      throw new AdminError(0, `cannot reach Switchboard: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!res.ok) {
      if (res.status === 401) options.onUnauthorized?.();
      throw await readError(res);
    }
    if (route.produces === 'text/csv') return res.text();
    const text = await res.text();
    return text === '' ? undefined : JSON.parse(text);
  }

  const bridge: Partial<Record<AdminMethod, (input: unknown) => Promise<unknown>>> = {};
  for (const method of ADMIN_METHOD_NAMES) bridge[method] = (input: unknown) => call(method, input);
  return bridge as Bridge;
}
