// Every migration, oldest first. Versions are 1..N with no gaps; append new ones at the end.
import type { Migration } from '../migration';
import { catalogMigration } from './001-catalog';
import { usageMigration } from './002-usage';
import { pricesMigration } from './003-prices';
import { activityMigration } from './004-activity';
import { documentsMigration } from './005-documents';
import { responsesMigration } from './006-responses';
import { responseClaimsMigration } from './007-response-claims';
import { responseUsageMigration } from './008-response-usage';
import { waitsForKeyMigration } from './009-waits-for-key';
import { uneditedPricesMigration } from './010-unedited-prices';
import { modelNotInstalledMigration } from './011-model-not-installed';
import { responseOwnersMigration } from './012-response-owners';
import { localJsonModeMigration } from './013-local-json-mode';
import { responseOwnersRepairMigration } from './014-response-owners-repair';
import { responseKeyMigration } from './015-response-key';
import { audioWithdrawnAgainMigration, audioWithdrawnMigration } from './016-audio-withdrawn';
import { webSearchCallsMigration } from './018-web-search-calls';
import { responseSearchAllowanceMigration } from './019-response-search-allowance';
import { responseItemsMigration } from './020-response-items';
import { routeNeedsMigration } from './021-route-needs';
import { cutShortNotErrorsMigration } from './022-cut-short-not-errors';
import { modelRemoteMigration } from './023-model-remote';
import { responseItemIdsMigration } from './024-response-item-ids';

export const MIGRATIONS: readonly Migration[] = [
  catalogMigration,
  usageMigration,
  pricesMigration,
  activityMigration,
  documentsMigration,
  responsesMigration,
  responseClaimsMigration,
  responseUsageMigration,
  waitsForKeyMigration,
  uneditedPricesMigration,
  modelNotInstalledMigration,
  responseOwnersMigration,
  localJsonModeMigration,
  responseOwnersRepairMigration,
  responseKeyMigration,
  audioWithdrawnMigration,
  audioWithdrawnAgainMigration,
  webSearchCallsMigration,
  responseSearchAllowanceMigration,
  responseItemsMigration,
  routeNeedsMigration,
  cutShortNotErrorsMigration,
  modelRemoteMigration,
  responseItemIdsMigration,
];
