import type { Database } from '../../db/migration';
import type { HealthStatus } from '../../../shared/types';
import type { HealthRow } from './rows';

export interface HealthWrite {
  providerId: string;
  status: HealthStatus;
  at: string;
  latencyMs: number | null;
  message: string | null;
}

export function createHealthRepo(db: Database) {
  const all = db.prepare<[], HealthRow>('SELECT * FROM provider_health');
  const one = db.prepare<[string], HealthRow>('SELECT * FROM provider_health WHERE provider_id = ?');
  // A failure adds to the streak, a success resets it.
  const upsert = db.prepare<HealthWrite>(
    `INSERT INTO provider_health (provider_id, status, last_checked_at, last_latency_ms, consecutive_failures, message)
     VALUES (@providerId, @status, @at, @latencyMs, CASE WHEN @status = 'unhealthy' THEN 1 ELSE 0 END, @message)
     ON CONFLICT (provider_id) DO UPDATE SET status = excluded.status, last_checked_at = excluded.last_checked_at,
       last_latency_ms = excluded.last_latency_ms, message = excluded.message,
       consecutive_failures = CASE WHEN excluded.status = 'unhealthy' THEN provider_health.consecutive_failures + 1 ELSE 0 END`,
  );
  const remove = db.prepare<[string]>('DELETE FROM provider_health WHERE provider_id = ?');
  return {
    list: (): HealthRow[] => all.all(),
    get: (providerId: string): HealthRow | undefined => one.get(providerId),
    record: (w: HealthWrite): void => void upsert.run(w),
    /** nothing known of it any more (its key was removed): shown `unknown`, as a provider never tested */
    forget: (providerId: string): void => void remove.run(providerId),
  };
}
export type HealthRepo = ReturnType<typeof createHealthRepo>;
