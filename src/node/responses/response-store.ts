// The responses the proxy keeps for the Responses API (`store` not false): each with the input items
// of its conversation so far and the response object as the client received it, scoped to the
// profile that created it, kept RETENTION_DAYS days. A later `previous_response_id` continues from
// it whichever provider answers next.
import type { Database } from '../db/migration';

/** OpenAI keeps stored responses 30 days; so does the proxy. */
export const RESPONSE_RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;
const PRUNE_CHUNK = 1_000;

export interface StoredResponse {
  /** the `id` of the response object (`resp_...`) */
  id: string;
  userId: string;
  /** epoch ms */
  createdAt: number;
  /** the model that served it (`provider/model`) */
  modelId: string;
  /** served by a Responses upstream (its output items go back to one as they are) */
  native: boolean;
  inputItems: unknown[];
  response: Record<string, unknown>;
}

interface Row {
  id: string;
  user_id: string;
  created_at: number;
  model_id: string;
  native: number;
  input_items: string;
  response: string;
}

export class ResponseStore {
  private readonly insert;
  private readonly one;
  private readonly remove;
  private readonly prune;
  private readonly elsewhere;

  constructor(db: Database) {
    // a response id arriving twice (a provider reusing one) keeps the newer answer, never across profiles
    this.insert = db.prepare<[string, string, number, string, number, string, string]>(
      `INSERT INTO stored_responses (id, user_id, created_at, model_id, native, input_items, response) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET created_at = excluded.created_at, model_id = excluded.model_id, native = excluded.native,
         input_items = excluded.input_items, response = excluded.response
       WHERE stored_responses.user_id = excluded.user_id`,
    );
    this.one = db.prepare<[string, string], Row>('SELECT * FROM stored_responses WHERE id = ? AND user_id = ?');
    this.elsewhere = db.prepare<[string, string], { n: number }>('SELECT 1 AS n FROM stored_responses WHERE id = ? AND user_id <> ?');
    this.remove = db.prepare<[string, string]>('DELETE FROM stored_responses WHERE id = ? AND user_id = ?');
    this.prune = db.prepare<[number, number]>('DELETE FROM stored_responses WHERE id IN (SELECT id FROM stored_responses WHERE created_at < ? LIMIT ?)');
  }

  put(r: StoredResponse): void {
    this.insert.run(r.id, r.userId, r.createdAt, r.modelId, r.native ? 1 : 0, JSON.stringify(r.inputItems), JSON.stringify(r.response));
  }

  /** Whether another profile made this response (its id must not reach a provider on this one's behalf). */
  isAnothers(id: string, userId: string): boolean {
    return this.elsewhere.get(id, userId) !== undefined;
  }

  /** Only the profile that created a response sees it. */
  get(id: string, userId: string): StoredResponse | undefined {
    const row = this.one.get(id, userId);
    if (!row) return undefined;
    return {
      id: row.id, userId: row.user_id, createdAt: row.created_at, modelId: row.model_id, native: row.native === 1,
      inputItems: JSON.parse(row.input_items) as unknown[], response: JSON.parse(row.response) as Record<string, unknown>,
    };
  }

  delete(id: string, userId: string): boolean {
    return this.remove.run(id, userId).changes > 0;
  }

  /** Deletes responses created more than `days` days before `nowMs`, in short transactions. Returns rows deleted. */
  pruneOlderThan(days: number, nowMs: number): number {
    const cutoff = nowMs - days * DAY_MS;
    let total = 0;
    for (;;) {
      const n = this.prune.run(cutoff, PRUNE_CHUNK).changes;
      total += n;
      if (n < PRUNE_CHUNK) return total;
    }
  }
}
