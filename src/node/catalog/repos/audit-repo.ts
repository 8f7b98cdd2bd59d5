import type { Database } from '../../db/migration';
import type { AuditRow } from './rows';

export function createAuditRepo(db: Database) {
  const insert = db.prepare<[string, string, string, string | null]>('INSERT INTO audit_log (at, action, subject, detail) VALUES (?, ?, ?, ?)');
  const recent = db.prepare<[number], AuditRow>('SELECT id, at, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT ?');
  return {
    insert: (at: string, action: string, subject: string, detail: string | null): void => void insert.run(at, action, subject, detail),
    recent: (limit: number): AuditRow[] => recent.all(limit),
  };
}
export type AuditRepo = ReturnType<typeof createAuditRepo>;
