// Where provider keys live: the OS keychain, or an encrypted file when SWITCHBOARD_ENCRYPTION_KEY is set.
// Never SQLite, never logs.

export interface SecretStoreStatus {
  available: boolean;
  message: string | null;
}

export interface SecretStore {
  kind: 'keychain' | 'encrypted-file';
  /** the stored value, or null when there is none; throws when the store cannot be read (never null for that) */
  get(account: string): Promise<string | null>;
  set(account: string, value: string): Promise<void>;
  delete(account: string): Promise<void>;
  status(): Promise<SecretStoreStatus>;
  /** every account held, where the store can list them (the keychain cannot) */
  accounts?(): Promise<string[]>;
}

export const NO_KEYCHAIN_HELP =
  'Start the OS keychain (on Linux a Secret Service such as gnome-keyring or KeePassXC, unlocked, on the D-Bus session bus), ' +
  'or set SWITCHBOARD_ENCRYPTION_KEY to 32 random bytes in base64 (e.g. `openssl rand -base64 32`) to use an encrypted file in the data dir instead.';

/** What was being done with a key when the keychain could not be reached, as the message says it. */
export type SecretOperation = 'read' | 'store' | 'remove';

/** No keychain reachable (or it is locked): keys can be neither stored nor read until the user picks one of the two ways out. */
export class SecretStoreUnavailableError extends Error {
  readonly kind = 'secret-store-unavailable';
  readonly reason: string;
  readonly operation: SecretOperation;
  constructor(reason: string, options?: { cause?: unknown; operation?: SecretOperation }) {
    const operation = options?.operation ?? 'store';
    super(`No keychain is reachable to ${operation} the key (${reason}). ${NO_KEYCHAIN_HELP}`, options);
    this.name = 'SecretStoreUnavailableError';
    this.reason = reason;
    this.operation = operation;
  }

  /** The same failure, said of the operation it stopped (a read a write begins with is the write's). */
  during(operation: SecretOperation): SecretStoreUnavailableError {
    return operation === this.operation ? this : new SecretStoreUnavailableError(this.reason, { cause: this.cause, operation });
  }
}

/** The store exists but cannot be used as configured (bad or wrong encryption key, damaged file). */
export class SecretStoreError extends Error {
  readonly kind = 'secret-store-failed';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SecretStoreError';
  }
}
