// The admin-service contract: one typed table that drives the HTTP admin API (cli),
// the IPC handlers (main), the preload bridge and the renderer's HTTP bridge.
import type * as T from './types';
import type * as A from './activity-types';
import type * as C from './config-types';
import type * as D from './provider-delete-types';

export interface AdminMethods {
  getStatus: { in: void; out: T.AppStatus };
  setProxyPaused: { in: { paused: boolean }; out: T.AppStatus };
  getSettings: { in: void; out: T.Settings };
  updateSettings: { in: Partial<T.Settings>; out: T.Settings };
  listAudit: { in: { limit?: number | string }; out: T.AuditEntry[] };
  exportConfig: { in: void; out: C.ConfigDocument };
  importConfig: { in: unknown; out: C.ConfigImportResult };

  listProviders: { in: void; out: T.Provider[] };
  createProvider: { in: T.ProviderCreate; out: T.Provider };
  updateProvider: { in: { id: string; patch: T.ProviderUpdate }; out: T.ProviderUpdated };
  deleteProvider: { in: { id: string }; out: { deleted: true; pruned?: D.PrunedRefs } };
  previewProviderDelete: { in: { id: string }; out: D.ProviderDeletePreview };
  testProvider: { in: { provider_id: string }; out: T.ProviderTestResult };
  discoverModels: { in: { id: string }; out: T.DiscoverResult };
  getProviderBalances: { in: void; out: T.ProviderBalance[] };

  listModels: { in: { provider_id?: string; enabled?: boolean | string }; out: T.Model[] };
  createModel: { in: T.ModelCreate; out: T.Model };
  updateModel: { in: { id: string; patch: T.ModelUpdate }; out: T.Model };
  deleteModel: { in: { id: string }; out: { deleted: true; pruned?: D.PrunedRefs } };
  previewModelDelete: { in: { id: string }; out: D.ModelDeletePreview };

  getRoutingRules: { in: void; out: T.RoutingRules };
  updateRoutingRules: { in: T.RoutingRulesUpdate; out: T.RoutingRules };
  previewRoute: { in: T.RoutePreviewRequest; out: T.RoutePreview };

  getUsage: { in: { days?: number | string; from?: string; to?: string }; out: T.UsageSummary };
  exportUsageCsv: { in: { days?: number | string; from?: string; to?: string; max_rows?: number | string }; out: string };
  whatIf: { in: T.WhatIfRequest; out: T.WhatIfResult };
  getAlerts: { in: void; out: T.Alert[] };
  listRequests: { in: A.ActivityQuery; out: A.ActivityPage };
  getRequest: { in: { request_id: string }; out: A.RequestDetail };

  listUsers: { in: void; out: T.User[] };
  createUser: { in: T.UserCreate; out: T.UserCreated };
  updateUser: { in: { id: string; patch: T.UserUpdate }; out: T.User };
  deleteUser: { in: { id: string }; out: { deleted: true } };
  issueToken: { in: { id: string; name?: string }; out: T.TokenIssued };
  revokeToken: { in: { id: string; token_id: string }; out: { revoked: true } };
  setByok: { in: { id: string } & T.ByokSet; out: T.ByokSaved };
  listByok: { in: { id: string }; out: T.ByokEntry[] };
  deleteByok: { in: { id: string; provider_id: string }; out: { deleted: true } };
  getCredits: { in: { user_id?: string }; out: T.Credits };
}

export type AdminMethod = keyof AdminMethods;
export type MethodInput<M extends AdminMethod> = AdminMethods[M]['in'];
export type MethodOutput<M extends AdminMethod> = AdminMethods[M]['out'];

/** The service every transport calls. Each method takes one input object. */
export type AdminService = {
  [M in AdminMethod]: (input: MethodInput<M>) => Promise<MethodOutput<M>>;
};

export interface HttpRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `{name}` segments become input fields of that name */
  path: string;
  /**
   * where the JSON body goes: 'all' merges it into the input (path params win),
   * a field name puts it under that field, absent means no body.
   */
  body?: 'all' | string;
  /** query parameters copied into the input */
  query?: readonly string[];
  /** response content type when not JSON */
  produces?: 'text/csv';
  /** the largest body taken, where the admin API's 1 MiB is too small */
  maxBodyBytes?: number;
}

const P = '/api/v1/llm';

/** A `Record` over every method: a method without a route is a compile error. */
export const ADMIN_ROUTES: Record<AdminMethod, HttpRoute> = {
  getStatus: { method: 'GET', path: `${P}/status` },
  setProxyPaused: { method: 'PUT', path: `${P}/status`, body: 'all' },
  getSettings: { method: 'GET', path: `${P}/settings` },
  updateSettings: { method: 'PUT', path: `${P}/settings`, body: 'all' },
  listAudit: { method: 'GET', path: `${P}/audit`, query: ['limit'] },
  exportConfig: { method: 'GET', path: `${P}/config` },
  // what the document's own limits allow fits: 20,000 models with their longest names, 8 price tiers and every
  // capability are 53 MB as JSON (2.7 KB each); a catalog of 2,400 models is already past the admin API's 1 MiB
  importConfig: { method: 'POST', path: `${P}/config`, body: 'all', maxBodyBytes: 64 * 1024 * 1024 },

  listProviders: { method: 'GET', path: `${P}/providers` },
  createProvider: { method: 'POST', path: `${P}/providers`, body: 'all' },
  updateProvider: { method: 'PUT', path: `${P}/providers/{id}`, body: 'patch' },
  deleteProvider: { method: 'DELETE', path: `${P}/providers/{id}` },
  previewProviderDelete: { method: 'GET', path: `${P}/providers/{id}/delete-preview` },
  testProvider: { method: 'POST', path: `${P}/test`, body: 'all' },
  discoverModels: { method: 'POST', path: `${P}/providers/{id}/discover` },
  getProviderBalances: { method: 'GET', path: `${P}/balances` },

  listModels: { method: 'GET', path: `${P}/models`, query: ['provider_id', 'enabled'] },
  createModel: { method: 'POST', path: `${P}/models`, body: 'all' },
  updateModel: { method: 'PUT', path: `${P}/models/{id}`, body: 'patch' },
  deleteModel: { method: 'DELETE', path: `${P}/models/{id}` },
  previewModelDelete: { method: 'GET', path: `${P}/models/{id}/delete-preview` },

  getRoutingRules: { method: 'GET', path: `${P}/routing/rules` },
  updateRoutingRules: { method: 'PUT', path: `${P}/routing/rules`, body: 'all' },
  previewRoute: { method: 'POST', path: `${P}/route/preview`, body: 'all' },

  getUsage: { method: 'GET', path: `${P}/usage`, query: ['days', 'from', 'to'] },
  exportUsageCsv: { method: 'GET', path: `${P}/usage/export`, query: ['days', 'from', 'to', 'max_rows'], produces: 'text/csv' },
  whatIf: { method: 'POST', path: `${P}/usage/what-if`, body: 'all' },
  getAlerts: { method: 'GET', path: `${P}/alerts` },
  listRequests: { method: 'GET', path: `${P}/requests`, query: ['limit', 'before', 'status', 'user_id', 'model', 'client'] },
  getRequest: { method: 'GET', path: `${P}/requests/{request_id}` },

  listUsers: { method: 'GET', path: `${P}/users` },
  createUser: { method: 'POST', path: `${P}/users`, body: 'all' },
  updateUser: { method: 'PUT', path: `${P}/users/{id}`, body: 'patch' },
  deleteUser: { method: 'DELETE', path: `${P}/users/{id}` },
  issueToken: { method: 'POST', path: `${P}/users/{id}/tokens`, body: 'all' },
  revokeToken: { method: 'DELETE', path: `${P}/users/{id}/tokens/{token_id}` },
  setByok: { method: 'POST', path: `${P}/users/{id}/byok`, body: 'all' },
  listByok: { method: 'GET', path: `${P}/users/{id}/byok` },
  deleteByok: { method: 'DELETE', path: `${P}/users/{id}/byok/{provider_id}` },
  getCredits: { method: 'GET', path: `${P}/credits`, query: ['user_id'] },
};

export const ADMIN_METHOD_NAMES = Object.keys(ADMIN_ROUTES) as AdminMethod[];

/** IPC channel for a method: `admin:<method>`. */
export const ipcChannel = (m: AdminMethod): string => `admin:${m}`;

/** The error every transport carries: HTTP maps it to `{"error":{"message","field"}}` with `status`. */
export interface AdminErrorBody {
  status: number;
  message: string;
  field?: string;
}

export class AdminError extends Error {
  readonly status: number;
  readonly field: string | undefined;
  constructor(status: number, message: string, field?: string) {
    super(message);
    this.name = 'AdminError';
    this.status = status;
    this.field = field;
  }
  toBody(): AdminErrorBody {
    return this.field === undefined
      ? { status: this.status, message: this.message }
      : { status: this.status, message: this.message, field: this.field };
  }
}

/** The bridge the renderer talks to: IPC in the desktop, HTTP headless. */
export type Bridge = AdminService;
