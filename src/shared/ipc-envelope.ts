// What an admin IPC call resolves to. Main never rejects an invoke: errors travel as values,
// so the renderer sees the status and field the HTTP transport would give it.
import type { AdminErrorBody } from './contract';

export type IpcEnvelope<T> = { ok: true; value: T } | { ok: false; error: AdminErrorBody };
