// The audit log, newest first.
import type { AdminService } from '../../shared/contract';
import { auditQuery } from '../../shared/validate-admin';
import { repositoriesFor } from '../catalog/repos/index';
import type { ServiceContext } from './context';
import { withAdminErrors } from './errors';

type AuditMethods = Pick<AdminService, 'listAudit'>;

export function createAuditMethods(ctx: ServiceContext): AuditMethods {
  const repos = repositoriesFor(ctx.db);
  return withAdminErrors<AuditMethods>({
    async listAudit(input) {
      const q = auditQuery(input ?? {}, '');
      return repos.audit.recent(q.limit ?? 100);
    },
  });
}
