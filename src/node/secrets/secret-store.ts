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

/** No keychain reachable (or it is locked): keys can be neither stored nor read until the user picks one of the two ways out. */
export class SecretStoreUnavailableError extends Error {
  readonly kind = 'secret-store-unavailable';
  constructor(reason: string, options?: { cause?: unknown; reading?: boolean }) {
    super(`No keychain is reachable to ${options?.reading ? 'read' : 'store'} the key (${reason}). ${NO_KEYCHAIN_HELP}`, options);
    this.name = 'SecretStoreUnavailableError';
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
