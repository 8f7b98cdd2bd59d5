// countsAsError (shared/counts-as-error.ts) as SQL over usage_log, for the readers that count in the database.
import { CUT_SHORT_KINDS } from '../../shared/counts-as-error';

const quoted = CUT_SHORT_KINDS.map((k) => `'${k.replace(/'/g, "''")}'`).join(', ');

/** True (1) for a usage_log row that counts as an error; `column` names its error_kind. */
export function countsAsErrorSql(column = 'error_kind'): string {
  return `(${column} IS NOT NULL AND ${column} NOT IN (${quoted}))`;
}
