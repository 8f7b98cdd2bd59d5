// Responses the database could not take because another program held its write lock (a database browser
// with the file open for editing): kept here, in the order they came, and written as soon as the lock goes,
// so an id the client already holds is found (here meanwhile, in SQLite after) rather than lost. A waiting
// response is its profile's as a stored one is: another profile's request naming it (previous_response_id, an
// item_reference) is refused as for a stored one. One deleted while it waits leaves a tombstone, written in its
// place. Bounded by count and by bytes: past either a response is refused as before (the answer still goes out;
// only its continuation is lost).
import { isLockError } from '../data-dir/storage-errors';
import { itemIdOf, type ItemHolding } from './item-ids';
import type { StoredResponse } from './response-store';

export const MAX_WAITING = 1_000;
/** what the waiting responses may hold in all (their conversations and answers, as conversationBytes counts them) */
export const MAX_WAITING_BYTES = 64 * 1024 * 1024;
const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 2_000;

type Waiting =
  | { kind: 'response'; r: StoredResponse; ownerCreatedAt: string | undefined; bytes: number }
  /** deleted while it waited: its tombstone is what is written */
  | { kind: 'deleted'; id: string; userId: string; createdAt: number };

/** Who holds an item id among the waiting responses. */
interface Held {
  /** the responses whose answer carries it as an output item -> their profile, in the order they wait */
  outputs: Map<string, string>;
  /** the profiles whose waiting responses carry it as an input item -> how many of them */
  inputs: Map<string, number>;
}

export interface WaitingWriters {
  /** writes one response; throws what SQLite throws */
  write: (r: StoredResponse, ownerCreatedAt: string | undefined) => 'stored' | 'profile_gone';
  /** writes the tombstone of a response deleted while it waited; throws what SQLite throws */
  bury: (id: string, userId: string, createdAt: number) => void;
  /**
   * a response given up on: refused by SQLite for another reason than the lock, or still waiting at close;
   * `deleted`: what was given up on is its deletion (its tombstone)
   */
  onLost: (id: string, err: unknown, deleted: boolean) => void;
  /** a response written once its profile had gone (its tombstone written instead): the provider holding it is told */
  onProfileGone: (r: StoredResponse) => void;
}

/** The bytes a continuation of `r` replays (its conversation and its answer). */
export function bytesOf(r: Pick<StoredResponse, 'inputItems' | 'response'>): number {
  return JSON.stringify(r.inputItems).length + JSON.stringify(r.response).length;
}

export class WaitingResponses {
  private readonly waiting = new Map<string, Waiting>();
  /** the waiting responses' item ids, kept as they are kept and forgotten: holding reads one id's, never scans them all */
  private readonly items = new Map<string, Held>();
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private bytes = 0;

  constructor(
    private readonly to: WaitingWriters,
    private readonly maxBytes = MAX_WAITING_BYTES,
  ) {}

  get size(): number {
    return this.waiting.size;
  }

  /** the bytes the waiting responses hold */
  get heldBytes(): number {
    return this.bytes;
  }

  /** Keeps `r` to write later; false when there is no room (by count or by bytes). */
  keep(r: StoredResponse, ownerCreatedAt: string | undefined): boolean {
    const before = this.waiting.get(r.id);
    // as SQLite's upsert: another profile's id, or one deleted, is not replaced (nothing is kept)
    if (before && (before.kind === 'deleted' || before.r.userId !== r.userId)) return true;
    if (this.waiting.size >= MAX_WAITING && !before) return false;
    const bytes = bytesOf(r);
    const freed = before?.kind === 'response' ? before.bytes : 0;
    if (this.bytes - freed + bytes > this.maxBytes) return false;
    // the same id answered again replaces its earlier answer, as in SQLite, and is written after what came before it
    this.forget(r.id);
    const { continues: _, ...kept } = r;
    this.waiting.set(r.id, { kind: 'response', r: kept, ownerCreatedAt, bytes });
    this.index(kept, 1);
    this.bytes += bytes;
    this.schedule();
    return true;
  }

  /** This profile's response still waiting to be written. */
  get(id: string, userId: string): StoredResponse | undefined {
    const w = this.waiting.get(id);
    return w?.kind === 'response' && w.r.userId === userId ? w.r : undefined;
  }

  /** Whether this id waits deleted (its tombstone not written yet): found nowhere, by anyone. */
  isDeleted(id: string): boolean {
    return this.waiting.get(id)?.kind === 'deleted';
  }

  /** Whether the id waits as another profile's response, or deleted: not this profile's to continue. */
  isAnothers(id: string, userId: string): boolean {
    const w = this.waiting.get(id);
    return w !== undefined && (w.kind === 'deleted' || w.r.userId !== userId);
  }

  /**
   * Who holds an item id among the waiting responses' items, as ItemIds.holding says it of the stored ones: the
   * profile whose answer carried it as an output item (the first waiting), and whether another profile's response
   * holds it at all; undefined when none does.
   * holderOf (item-ids.ts) decides from it with the stored ones'. A read of the id's entry in `items`, not a scan.
   */
  holding(itemId: string, userId: string): ItemHolding | undefined {
    const h = this.items.get(itemId);
    if (h === undefined) return undefined;
    // the first output owner decides (holderOf); inputs has one entry a profile however many of its responses hold it
    const output: string | undefined = h.outputs.values().next().value;
    let others = output !== undefined && output !== userId;
    for (const holder of h.inputs.keys()) others ||= holder !== userId;
    return { ...(output === undefined ? {} : { output }), others };
  }

  /** Deletes this profile's waiting response: its tombstone waits in its place. False when none waits. */
  drop(id: string, userId: string): boolean {
    const r = this.get(id, userId);
    if (r === undefined) return false;
    this.forget(id);
    this.waiting.set(id, { kind: 'deleted', id, userId, createdAt: r.createdAt });
    return true;
  }

  /** Writes what waits, oldest first, until the lock refuses again. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const [id, w] of this.waiting) {
      try {
        if (w.kind === 'deleted') this.to.bury(w.id, w.userId, w.createdAt);
        else if (this.to.write(w.r, w.ownerCreatedAt) === 'profile_gone') this.to.onProfileGone(w.r);
      } catch (err) {
        if (isLockError(err)) {
          this.failures++;
          this.schedule();
          return;
        }
        this.to.onLost(id, err, w.kind === 'deleted');
      }
      this.forget(id);
    }
    this.failures = 0;
  }

  /** A last attempt; what the lock still refuses is lost (reported). */
  close(): void {
    this.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const [id, w] of this.waiting) this.to.onLost(id, new Error('the database was still locked at shutdown'), w.kind === 'deleted');
    this.waiting.clear();
    this.items.clear();
    this.bytes = 0;
  }

  private forget(id: string): void {
    const w = this.waiting.get(id);
    if (w?.kind === 'response') {
      this.bytes -= w.bytes;
      this.index(w.r, -1);
    }
    this.waiting.delete(id);
  }

  /** Adds (1) or takes out (-1) a waiting response's item ids (each once per response) in `items`. */
  private index(r: StoredResponse, by: 1 | -1): void {
    const out = Array.isArray(r.response.output) ? (r.response.output as unknown[]) : [];
    for (const id of new Set(out.map(itemIdOf))) {
      if (id === undefined) continue;
      const h = this.heldOf(id, by);
      if (by === 1) h.outputs.set(r.id, r.userId);
      else h.outputs.delete(r.id);
      this.unlessEmpty(id, h);
    }
    for (const id of new Set(r.inputItems.map(itemIdOf))) {
      if (id === undefined) continue;
      const h = this.heldOf(id, by);
      const n = (h.inputs.get(r.userId) ?? 0) + by;
      if (n > 0) h.inputs.set(r.userId, n);
      else h.inputs.delete(r.userId);
      this.unlessEmpty(id, h);
    }
  }

  private heldOf(id: string, by: 1 | -1): Held {
    let h = this.items.get(id);
    if (h === undefined) {
      h = { outputs: new Map(), inputs: new Map() };
      if (by === 1) this.items.set(id, h);
    }
    return h;
  }

  private unlessEmpty(id: string, h: Held): void {
    if (h.outputs.size === 0 && h.inputs.size === 0) this.items.delete(id);
  }

  private schedule(): void {
    if (this.timer || this.waiting.size === 0) return;
    const delay = Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(this.failures, 10));
    this.timer = setTimeout(() => this.flush(), delay);
    this.timer.unref();
  }
}
