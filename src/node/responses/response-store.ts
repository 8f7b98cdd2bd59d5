// The responses the proxy keeps for the Responses API (`store` not false): each with the input items
// of its conversation so far (input-chain.ts: the items its turns share kept once) and the response
// object as the client received it, scoped to the profile that created it, kept RETENTION_DAYS days.
// A later `previous_response_id` continues from it whichever provider answers next, or, for one whose
// conversation lives at the provider (`atProvider`), at that provider by id. A deleted response leaves
// an empty row behind (a tombstone) until it would have expired: its id is claimed, and continues
// nowhere. So does every response of a deleted profile: its rows go with it (forgetProfile), its ids
// stay in response_tombstones, which every lookup of an id consults.
import type { Database } from '../db/migration';
import { InputChain, type KeptStart } from './input-chain';
import { ItemIds, holderOf, type ItemHolder } from './item-ids';
import { isLockError } from '../data-dir/storage-errors';
import { WaitingResponses, bytesOf } from './waiting-responses';

/** OpenAI keeps stored responses 30 days; so does the proxy. */
export const RESPONSE_RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;
const PRUNE_CHUNK = 1_000;
/**
 * At shutdown the responses still waiting for another program's lock get this long to be written (SQLite waits
 * synchronously: the app is closing, nothing else is served), instead of the BUSY_TIMEOUT_MS a request waits.
 */
export const CLOSE_BUSY_TIMEOUT_MS = 3_000;

/** The log line of what onLost reports: a response that could not be written after waiting for the lock, or its deletion. */
export function lostMessage(id: string, err: unknown, deleted: boolean): string {
  const why = String((err as Error)?.message ?? err);
  return deleted
    ? `responses: the deletion of ${id} could not be written after waiting for the database lock (an earlier answer of it stored before the lock, if any, is found again, and its id is not claimed): ${why}`
    : `responses: ${id} was not stored (lost: its id continues nothing) after waiting for the database lock: ${why}`;
}

export interface ResponseStoreOptions {
  /**
   * a response that waited for the lock and could not be written after all; `deleted`: it was deleted while it
   * waited, and its deletion (the tombstone) is what could not be written
   */
  onLost?: (id: string, err: unknown, deleted: boolean) => void;
  /** a response that waited for the lock and whose profile was deleted meanwhile: only its tombstone was written */
  onProfileGone?: (r: StoredResponse) => void;
  /** the bytes the responses waiting for the lock may hold in all (MAX_WAITING_BYTES) */
  maxWaitingBytes?: number;
}
/** A row whose id is not a deleted profile's (a later profile of the same id, or a provider reusing it, never revives it). */
const HELD_SQL = 'SELECT id, model_id, own_key FROM stored_responses WHERE user_id = ? AND native = 1 AND deleted = 0';
const NOT_BURIED = 'NOT EXISTS (SELECT 1 FROM response_tombstones t WHERE t.id = stored_responses.id)';

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
  /**
   * it continued a response Switchboard never kept (one stored at the provider): the conversation
   * lives there, so a next turn passes its id to that provider instead of replaying it
   */
  atProvider: boolean;
  /**
   * made with the profile's own (BYOK) key for its provider (true) or the provider's shared one (false): at
   * the provider it belongs to that key's account, and is asked about with that kind of key alone.
   * Undefined for one kept before this was recorded (asked with the key the profile would send now).
   */
  ownKey?: boolean;
  inputItems: unknown[];
  /**
   * To put: the input items of the response this turn continues, the array get returned for it, that
   * inputItems begins with (the same objects): only the items after them are written out and hashed.
   */
  continues?: readonly unknown[];
  response: Record<string, unknown>;
  /**
   * answered later (background): the request whose usage row holds only an estimate until the
   * provider says what the response used (amended then; see usage/recorder.ts amend)
   */
  usageRow?: {
    requestId: string;
    startedAt: number;
    /** the web searches its request allowed (webSearchesAllowed), its bill's bound; undefined for one kept before this was recorded */
    webSearchesAllowed?: number;
  };
}

/** A response a Responses provider holds too (served there): deleted there as well when it is deleted here. */
export interface HeldResponse {
  id: string;
  modelId: string;
  ownKey?: boolean;
}

interface Row {
  id: string;
  user_id: string;
  created_at: number;
  model_id: string;
  native: number;
  at_provider: number;
  deleted: number;
  request_id: string | null;
  request_started_at: number | null;
  request_web_searches_allowed: number | null;
  own_key: number | null;
  input_tail: number | null;
  input_bytes: number;
  response: string;
}

type HeldRow = Pick<Row, 'id' | 'model_id' | 'own_key'>;
const ownKeyOf = (row: Pick<Row, 'own_key'>): { ownKey?: boolean } => (row.own_key === null ? {} : { ownKey: row.own_key === 1 });
const heldOf = (r: HeldRow): HeldResponse => ({ id: r.id, modelId: r.model_id, ...ownKeyOf(r) });
const usageRowOf = (requestId: string, startedAt: number, allowed: number | null): NonNullable<StoredResponse['usageRow']> =>
  ({ requestId, startedAt, ...(allowed === null ? {} : { webSearchesAllowed: allowed }) });

export class ResponseStore {
  private readonly insert;
  private readonly one;
  private readonly remove;
  private readonly prune;
  private readonly claim;
  private readonly size;
  private readonly pending;
  private readonly held;
  private readonly bury;
  private readonly pruneTombstones;
  private readonly ownerIs;
  private readonly keepOfOwner;
  private readonly chain;
  private readonly itemIds;
  private readonly tailOf;
  private readonly write;
  private readonly deleteRow;
  private readonly pruneChunk;
  /** each conversation get read, by the array it returned, for a turn continuing it (StoredResponse.continues) */
  private readonly readAs = new WeakMap<readonly unknown[], KeptStart & { userId: string }>();
  /** what another program's lock on the database kept from being written yet (waiting-responses.ts) */
  private readonly waiting: WaitingResponses;

  constructor(private readonly db: Database, options: ResponseStoreOptions = {}) {
    // what waited is written in transactions that take the write lock first (IMMEDIATE): one that read first would
    // be refused at once, without the busy timeout, by a lock taken and let go while it read
    const locking = db.transaction((write: () => unknown) => write());
    this.waiting = new WaitingResponses({
      write: (r, owner) => locking.immediate(() => this.putNow(r, owner)) as 'stored' | 'profile_gone',
      // a row the response updated (one ended later) is deleted to its tombstone; one never written leaves the id's
      bury: (id, userId, createdAt) => void locking.immediate(() => this.deleteRow(id, userId) || this.bury.run(id, userId, createdAt)),
      onLost: options.onLost ?? (() => undefined),
      onProfileGone: options.onProfileGone ?? (() => undefined),
    }, options.maxWaitingBytes);
    this.chain = new InputChain(db);
    this.itemIds = new ItemIds(db);
    // a response id arriving twice (a provider reusing one) keeps the newer answer, never across profiles
    // and never brings a deleted one back
    this.insert = db.prepare<[string, string, number, string, number, number, number | null, number, string, string | null, number | null, number | null, number | null]>(
      `INSERT INTO stored_responses (id, user_id, created_at, model_id, native, at_provider, input_tail, input_bytes, response, request_id, request_started_at, request_web_searches_allowed, own_key)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET created_at = excluded.created_at, model_id = excluded.model_id, native = excluded.native,
         at_provider = excluded.at_provider, input_tail = excluded.input_tail, input_bytes = excluded.input_bytes, response = excluded.response,
         request_id = excluded.request_id, request_started_at = excluded.request_started_at,
         request_web_searches_allowed = excluded.request_web_searches_allowed, own_key = excluded.own_key
       WHERE stored_responses.user_id = excluded.user_id AND stored_responses.deleted = 0`,
    );
    this.one = db.prepare<[string, string], Row>(`SELECT * FROM stored_responses WHERE id = ? AND user_id = ? AND deleted = 0 AND ${NOT_BURIED}`);
    // octet_length reads the size SQLite keeps in the row header, not the text, and input_bytes was counted
    // as the items were kept: a check that costs nothing; a conversation the provider keeps (at_provider) is
    // continued by its id, nothing of it replayed
    this.size = db.prepare<[string, string], { n: number }>(
      `SELECT input_bytes + octet_length(response) AS n FROM stored_responses WHERE id = ? AND user_id = ? AND deleted = 0 AND at_provider = 0 AND ${NOT_BURIED}`,
    );
    this.claim = db.prepare<[string, string, string], { n: number }>(
      'SELECT 1 AS n FROM stored_responses WHERE id = ? AND (user_id <> ? OR deleted = 1) UNION ALL SELECT 1 FROM response_tombstones WHERE id = ?',
    );
    // the tombstone keeps who it was and when (for pruning), nothing of the conversation
    this.remove = db.prepare<[string, string]>(
      `UPDATE stored_responses SET deleted = 1, input_tail = NULL, input_bytes = 2, response = '{}' WHERE id = ? AND user_id = ? AND deleted = 0 AND ${NOT_BURIED}`,
    );
    this.tailOf = db.prepare<[string], number | null>('SELECT input_tail FROM stored_responses WHERE id = ?').pluck();
    // background responses whose usage row still holds an estimate: only those rows have a request_id
    this.pending = db.prepare<[number], { id: string; user_id: string }>(
      `SELECT id, user_id FROM stored_responses WHERE request_id IS NOT NULL AND native = 1 AND deleted = 0 AND created_at >= ? AND ${NOT_BURIED}
         AND json_extract(response, '$.status') IN ('queued', 'in_progress')`,
    );
    this.held = db.prepare<[string], HeldRow>(HELD_SQL);
    this.prune = db.prepare<[number, number], number | null>(
      'DELETE FROM stored_responses WHERE id IN (SELECT id FROM stored_responses WHERE created_at < ? LIMIT ?) RETURNING input_tail',
    ).pluck();
    this.pruneTombstones = db.prepare<[number, number]>('DELETE FROM response_tombstones WHERE id IN (SELECT id FROM response_tombstones WHERE created_at < ? LIMIT ?)');
    this.bury = db.prepare<[string, string, number]>('INSERT OR IGNORE INTO response_tombstones (id, user_id, created_at) VALUES (?, ?, ?)');
    this.ownerIs = db.prepare<[string, string], { n: number }>('SELECT 1 AS n FROM users WHERE id = ? AND created_at = ?');
    // read and written in one transaction: nothing deletes or re-creates the profile in between
    this.keepOfOwner = db.transaction((r: StoredResponse, ownerCreatedAt: string): 'stored' | 'profile_gone' => {
      if (this.ownerIs.get(r.userId, ownerCreatedAt) === undefined) {
        this.bury.run(r.id, r.userId, r.createdAt);
        return 'profile_gone';
      }
      return this.putRow(r);
    });
    // the response's items kept, then the row; the chain it ended at before (the same id answered again) let go
    this.write = db.transaction((r: StoredResponse): void => {
      const input = this.chain.keep(r.userId, r.inputItems, this.startOf(r));
      const before = this.tailOf.get(r.id);
      const written = this.insert.run(
        r.id, r.userId, r.createdAt, r.modelId, r.native ? 1 : 0, r.atProvider ? 1 : 0, input.tail, input.bytes, JSON.stringify(r.response),
        r.usageRow?.requestId ?? null, r.usageRow?.startedAt ?? null, r.usageRow?.webSearchesAllowed ?? null, r.ownKey === undefined ? null : r.ownKey ? 1 : 0,
      ).changes > 0;
      if (written) this.itemIds.keepOutputs(r.id, r.userId, r.response);
      // not written (another profile's id, or a deleted one's): its items went in for nothing
      for (const tail of new Set([before ?? null, input.tail])) this.chain.release(tail);
    });
    this.deleteRow = db.transaction((id: string, userId: string): boolean => {
      const before = this.tailOf.get(id);
      if (this.remove.run(id, userId).changes === 0) return false;
      this.itemIds.forgetOutputs(id);
      this.chain.release(before ?? null);
      return true;
    });
    this.pruneChunk = db.transaction((cutoff: number): number => {
      const tails = this.prune.all(cutoff, PRUNE_CHUNK);
      for (const tail of tails) this.chain.release(tail);
      return tails.length;
    });
  }

  /**
   * Keeps a response (replacing its earlier answer). 'profile_gone' when its profile was deleted while
   * the request ran: nothing is kept and its id joins the deleted profile's tombstones, so nobody
   * continues it either. `ownerCreatedAt` is the profile's created_at as the request found it: a profile
   * deleted and made again under the same id meanwhile satisfies the foreign key, not that. Any other
   * failure throws. One another program's lock refuses is kept in memory and written once the lock goes
   * (found by get meanwhile), and so is every one after it until then: written in order, and no request
   * waits on the lock again.
   */
  put(r: StoredResponse, ownerCreatedAt?: string): 'stored' | 'profile_gone' {
    if (this.waiting.size === 0) {
      try {
        return this.putNow(r, ownerCreatedAt);
      } catch (err) {
        if (!isLockError(err) || !this.waiting.keep(r, ownerCreatedAt)) throw err;
        return 'stored';
      }
    }
    if (!this.waiting.keep(r, ownerCreatedAt)) {
      throw new Error(`the database is locked and ${this.waiting.size} responses (${this.waiting.heldBytes} bytes) already wait for it`);
    }
    return 'stored';
  }

  /**
   * Writes what waits for the lock now, a last attempt at shutdown waiting up to CLOSE_BUSY_TIMEOUT_MS for the lock
   * to go; what still cannot be written is reported lost.
   */
  close(): void {
    if (this.waiting.size === 0 || !this.db.open) return this.waiting.close();
    // what it was is put back (the connection's, whatever that is), as the status's lock probe does
    const timeout = this.db.pragma('busy_timeout', { simple: true }) as number;
    this.db.pragma(`busy_timeout = ${CLOSE_BUSY_TIMEOUT_MS}`);
    try {
      this.waiting.close();
    } finally {
      this.db.pragma(`busy_timeout = ${timeout}`);
    }
  }

  private putNow(r: StoredResponse, ownerCreatedAt: string | undefined): 'stored' | 'profile_gone' {
    return ownerCreatedAt === undefined ? this.putRow(r) : this.keepOfOwner(r, ownerCreatedAt);
  }

  private putRow(r: StoredResponse): 'stored' | 'profile_gone' {
    try {
      this.write(r);
      return 'stored';
    } catch (err) {
      if ((err as { code?: unknown })?.code !== 'SQLITE_CONSTRAINT_FOREIGNKEY') throw err;
      this.bury.run(r.id, r.userId, r.createdAt);
      return 'profile_gone';
    }
  }

  /** The conversation r.continues names, if r's items begin with it as get returned it (the same objects). */
  private startOf(r: StoredResponse): KeptStart | undefined {
    const start = r.continues === undefined ? undefined : this.readAs.get(r.continues);
    if (start === undefined || start.userId !== r.userId || start.count > r.inputItems.length) return undefined;
    for (let i = 0; i < start.count; i++) if (r.inputItems[i] !== r.continues![i]) return undefined;
    return start;
  }

  /**
   * Whether Switchboard issued this id and it is not this profile's (any more): another profile made
   * it, or it was deleted. Its id must not reach a provider on this profile's behalf.
   */
  isAnothers(id: string, userId: string): boolean {
    // one waiting for the lock counts as stored: another profile's, or deleted while it waited
    return this.waiting.isAnothers(id, userId) || this.claim.get(id, userId, id) !== undefined;
  }

  /**
   * Whose an item id is among the items of the stored responses (the ids their output items carry, the ids
   * clients gave their input items): an item_reference's id Switchboard did not make, which only a Responses
   * upstream could resolve, is not sent there on this profile's behalf when only others' responses hold it.
   */
  itemHeldBy(itemId: string, userId: string): ItemHolder {
    const stored = this.itemIds.holding(itemId, userId);
    // the responses waiting for the lock hold items too, judged with the stored ones by one rule: an output item's
    // owner in either first (SQLite's came first), then whether another profile holds the id in either
    return holderOf(userId, stored, this.waiting.size === 0 ? undefined : this.waiting.holding(itemId, userId));
  }

  /**
   * The bytes a continuation of this response would replay (its conversation so far and its answer,
   * as stored), without reading them; undefined where get would find nothing, or where the provider keeps
   * the conversation (at_provider: its id is sent, nothing replayed).
   */
  conversationBytes(id: string, userId: string): number | undefined {
    const waiting = this.waiting.get(id, userId);
    if (waiting) return waiting.atProvider ? undefined : bytesOf(waiting);
    if (this.waiting.isDeleted(id)) return undefined;
    return this.size.get(id, userId)?.n;
  }

  /** Only the profile that created a response sees it. */
  get(id: string, userId: string): StoredResponse | undefined {
    const waiting = this.waiting.get(id, userId);
    if (waiting) return { ...waiting, inputItems: [...waiting.inputItems] };
    if (this.waiting.isDeleted(id)) return undefined;
    const row = this.one.get(id, userId);
    if (!row) return undefined;
    const inputItems = this.chain.read(row.input_tail);
    const hash = row.input_tail === null ? undefined : this.chain.hashOf(row.input_tail);
    if (hash !== undefined) this.readAs.set(inputItems, { userId, hash, count: inputItems.length, bytes: row.input_bytes });
    return {
      id: row.id, userId: row.user_id, createdAt: row.created_at, modelId: row.model_id, native: row.native === 1, atProvider: row.at_provider === 1,
      inputItems, response: JSON.parse(row.response) as Record<string, unknown>,
      ...(row.request_id !== null && row.request_started_at !== null ? { usageRow: usageRowOf(row.request_id, row.request_started_at, row.request_web_searches_allowed) } : {}),
      ...ownKeyOf(row),
    };
  }

  /** The background responses still pending at their provider, created since `sinceMs` (to settle after a restart). */
  pendingBackground(sinceMs: number): { id: string; userId: string }[] {
    return this.pending.all(sinceMs).map((r) => ({ id: r.id, userId: r.user_id }));
  }

  /** Deletes a response of this profile's, leaving its tombstone. False when it had none (or deleted it already). */
  delete(id: string, userId: string): boolean {
    // one still waiting for the lock leaves its tombstone waiting in its place (claimed meanwhile, written once it goes)
    if (this.waiting.drop(id, userId)) return true;
    if (this.waiting.isDeleted(id)) return false;
    return this.deleteRow(id, userId);
  }

  /** This profile's responses a Responses provider holds too (served there), to delete there as well. */
  heldAtProviders(userId: string): HeldResponse[] {
    return this.held.all(userId).map(heldOf);
  }

  /** heldAtProviders, read in the transaction that deletes the profile (before forgetProfile and the delete). */
  static heldAtProvidersIn(db: Database, userId: string): HeldResponse[] {
    return db.prepare<[string], HeldRow>(HELD_SQL).all(userId).map(heldOf);
  }

  /**
   * A profile about to be deleted: its response ids (deleted ones too) become tombstones, not free ids,
   * so nobody (a later profile of the same id included) continues them and none reaches a provider.
   * Its rows go, conversations and all (the cascade of the profile's delete would leave their items).
   * Run in the transaction that deletes the profile, before it. Returns how many ids.
   */
  static forgetProfile(db: Database, userId: string): number {
    const ids = db.prepare<[string]>('INSERT OR IGNORE INTO response_tombstones (id, user_id, created_at) SELECT id, user_id, created_at FROM stored_responses WHERE user_id = ?')
      .run(userId).changes;
    const chain = new InputChain(db);
    const tails = db.prepare<[string], number | null>('DELETE FROM stored_responses WHERE user_id = ? RETURNING input_tail').pluck().all(userId);
    for (const tail of tails) chain.release(tail);
    return ids;
  }

  /**
   * Deletes responses (tombstones too, a deleted profile's included) created more than `days` days
   * before `nowMs`, in short transactions. Returns rows deleted (stored responses and deleted profiles' ids).
   */
  pruneOlderThan(days: number, nowMs: number): number {
    const cutoff = nowMs - days * DAY_MS;
    let total = 0;
    const chunks = [(): number => this.pruneChunk(cutoff), (): number => this.pruneTombstones.run(cutoff, PRUNE_CHUNK).changes];
    for (const prune of chunks) {
      for (;;) {
        const n = prune();
        total += n;
        if (n < PRUNE_CHUNK) break;
      }
    }
    return total;
  }
}
