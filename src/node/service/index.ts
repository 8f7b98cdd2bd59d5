// The admin service: every part of the contract, composed. A method missing here is a compile error.
import type { AdminService } from '../../shared/contract';
import type { Alert } from '../../shared/types';
import type { ServiceContext } from './context';
import type { UsageRecorder } from '../usage/recorder';
import { createProviderMethods } from './provider-methods';
import { createModelMethods } from './model-methods';
import { createUserMethods } from './user-methods';
import { createByokMethods } from './byok-methods';
import { createRoutingRulesMethods } from './routing-rules-methods';
import { createSettingsMethods } from './settings-methods';
import { createAuditMethods } from './audit-methods';
import { createUsageMethods } from './usage-methods';
import { createActivityMethods } from './activity-methods';
import { createConfigMethods } from './config-methods';
import { createProviderOpsMethods, listLocalModels, testOwnKey, type ProviderOpsDeps } from './provider-ops';
import type { UpstreamClient } from '../http/upstream-client';
import { createRoutePreviewMethods, type RoutePreviewDeps } from './route-preview';
import { createStatusMethods, type StatusDeps } from './status-methods';
import { withStorageErrors } from './errors';

export interface AdminServiceDeps {
  ctx: ServiceContext;
  recorder: UsageRecorder;
  ops: Omit<ProviderOpsDeps, 'catalog' | 'createModels' | 'noteLocalListing' | 'fitLocalContext' | 'now'>;
  preview: Omit<RoutePreviewDeps, 'catalog'>;
  status: StatusDeps;
  /** the bundled price table's prices_version, null without a table: a setup export says which table its prices followed */
  bundledPricesVersion: number | null;
  /** alerts computed outside the usage tables (rate limits) */
  alerts?: (now: Date) => Alert[];
}

export function createAdminService(d: AdminServiceDeps): AdminService {
  const models = createModelMethods(d.ctx);
  const service: AdminService = {
    ...createStatusMethods(d.status, d.ctx),
    ...createSettingsMethods(d.ctx),
    ...createAuditMethods(d.ctx),
    ...createConfigMethods(d.ctx, { lookup: d.ops.lookupModel, version: d.bundledPricesVersion }, d.recorder),
    ...createProviderMethods(d.ctx),
    ...createProviderOpsMethods({ ...d.ops, catalog: d.ctx.catalog, createModels: models.createPricedModels, noteLocalListing: models.noteLocalListing,
      fitLocalContext: models.fitLocalContext, now: d.ctx.now }),
    listModels: models.listModels,
    createModel: models.createModel,
    updateModel: models.updateModel,
    deleteModel: models.deleteModel,
    previewModelDelete: models.previewModelDelete,
    ...createRoutingRulesMethods(d.ctx),
    ...createRoutePreviewMethods({ ...d.preview, catalog: d.ctx.catalog }),
    ...createUsageMethods(d.ctx, d.recorder, d.alerts, (id) => d.preview.health.isProviderDown?.(id) === true),
    ...createActivityMethods(d.ctx, d.recorder),
    ...createUserMethods(d.ctx, d.recorder),
    ...createByokMethods(d.ctx, (providerId, apiKey) => testOwnKey({ catalog: d.ctx.catalog, upstream: d.ops.upstream }, providerId, apiKey)),
  };
  return withStorageErrors(service, d.ctx.dataDir);
}

/** Lists an Ollama or LM Studio's models and notes which are installed: no health written, no cooldown touched (listLocalModels). */
export function localModelLister(ctx: ServiceContext, upstream: UpstreamClient): (providerId: string) => Promise<void> {
  const { noteLocalListing } = createModelMethods(ctx);
  return (providerId) => listLocalModels({ catalog: ctx.catalog, upstream, noteLocalListing }, providerId);
}

export { createServiceContext, type ServiceContext } from './context';
