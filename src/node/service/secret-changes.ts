// Secrets live outside SQLite, so a change touching both is done in an order that can be undone:
// remember the old values, write the secrets, then commit the rows; if anything fails, put the old
// secrets back. Either both sides change or neither does.
import { SecretStoreUnavailableError, type SecretStore } from '../secrets/secret-store';

export interface SecretChange {
  account: string;
  /** null deletes */
  value: string | null;
}

export async function withSecretChanges<T>(secrets: SecretStore, changes: readonly SecretChange[], commit: () => T): Promise<T> {
  if (changes.length === 0) return commit();
  const previous = new Map<string, string | null>();
  for (const c of changes) if (!previous.has(c.account)) previous.set(c.account, await readBefore(secrets, c));
  const applied: string[] = [];
  try {
    for (const c of changes) {
      if (c.value === null) await secrets.delete(c.account);
      else await secrets.set(c.account, c.value);
      applied.push(c.account);
    }
    return commit();
  } catch (e) {
    await restore(secrets, applied, previous);
    throw e;
  }
}

/** The value to put back if the change fails; a keychain out of reach stops the change, and the message says which. */
async function readBefore(secrets: SecretStore, change: SecretChange): Promise<string | null> {
  try {
    return await secrets.get(change.account);
  } catch (e) {
    throw e instanceof SecretStoreUnavailableError ? e.during(change.value === null ? 'remove' : 'store') : e;
  }
}

async function restore(secrets: SecretStore, accounts: readonly string[], previous: Map<string, string | null>): Promise<void> {
  for (const account of [...new Set(accounts)].reverse()) {
    const old = previous.get(account) ?? null;
    try {
      if (old === null) await secrets.delete(account);
      else await secrets.set(account, old);
    } catch {
      // Best effort: the original error is the one worth reporting.
    }
  }
}
