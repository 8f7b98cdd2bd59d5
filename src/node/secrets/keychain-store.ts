// The OS keychain through @napi-rs/keyring. Accounts are namespaced by the database's install id,
// so two data dirs on one machine never read each other's keys.
// Loaded on first use: the native module and the libraries it links cost ~5 MB of RSS, which a server
// given SWITCHBOARD_ENCRYPTION_KEY (the encrypted file, not the keychain) never needs.
import { createRequire } from 'node:module';
import type { AsyncEntry } from '@napi-rs/keyring';
import { SecretStoreUnavailableError, NO_KEYCHAIN_HELP, type SecretStore, type SecretStoreStatus } from './secret-store';

export interface KeychainStoreOptions {
  installId: string;
  /** keychain service name; tests use their own */
  serviceName?: string;
  /** a locked keychain may wait on an unlock prompt; give up after this long */
  timeoutMs?: number;
}

let Entry: typeof AsyncEntry | undefined;

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class KeychainStore implements SecretStore {
  readonly kind = 'keychain' as const;
  private readonly service: string;
  private readonly installId: string;
  private readonly timeoutMs: number;

  constructor(opts: KeychainStoreOptions) {
    if (!opts.installId) throw new Error('KeychainStore needs the install id');
    this.service = opts.serviceName ?? 'switchboard';
    this.installId = opts.installId;
    this.timeoutMs = opts.timeoutMs ?? 60_000;
  }

  // Pinned to the Secret Service on Linux: the library's fallback, the kernel keyring, forgets
  // everything at logout or reboot, which would silently lose the user's keys.
  private entry(account: string): AsyncEntry {
    Entry ??= (createRequire(import.meta.url)('@napi-rs/keyring') as { AsyncEntry: typeof AsyncEntry }).AsyncEntry;
    return new Entry(this.service, `${this.installId}/${account}`, { linux: { store: 'secret-service' } });
  }

  private signal(): AbortSignal {
    return AbortSignal.timeout(this.timeoutMs);
  }

  async get(account: string): Promise<string | null> {
    try {
      return (await this.entry(account).getPassword(this.signal())) ?? null;
    } catch (e) {
      // a locked or failing keychain is not "no key": the caller must not go on keyless
      throw new SecretStoreUnavailableError(errorText(e), { cause: e, operation: 'read' });
    }
  }

  async set(account: string, value: string): Promise<void> {
    try {
      await this.entry(account).setPassword(value, this.signal());
    } catch (e) {
      throw new SecretStoreUnavailableError(errorText(e), { cause: e });
    }
  }

  async delete(account: string): Promise<void> {
    try {
      await this.entry(account).deleteCredential(this.signal());
    } catch (e) {
      throw new SecretStoreUnavailableError(errorText(e), { cause: e, operation: 'remove' });
    }
  }

  async status(): Promise<SecretStoreStatus> {
    try {
      // the UI polls this: a locked keychain waiting on its unlock prompt must not hold it for a minute
      await this.entry('__status_probe__').getPassword(AbortSignal.timeout(Math.min(this.timeoutMs, 3_000)));
      return { available: true, message: null };
    } catch (e) {
      return { available: false, message: `The OS keychain is not reachable (${errorText(e)}). ${NO_KEYCHAIN_HELP}` };
    }
  }
}
