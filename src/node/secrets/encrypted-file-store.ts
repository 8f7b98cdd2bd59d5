// Secrets in DATA_DIR/secrets.enc, for machines without a keychain: the whole account map as
// AES-256-GCM ciphertext, a fresh 12-byte IV per write, replaced atomically (data-dir/replace-file.ts: temp,
// fsync, rename, directory fsync).
// A key that cannot decrypt the file fails loudly and never writes over it.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { replaceFileSync } from '../data-dir/replace-file';
import { SecretStoreError, type SecretStore, type SecretStoreStatus } from './secret-store';

const FORMAT = 'switchboard-secrets';
const VERSION = 1;
const AAD = Buffer.from(`${FORMAT}/v${VERSION}`);

interface Envelope {
  format: string;
  version: number;
  iv: string;
  tag: string;
  data: string;
}

/** SWITCHBOARD_ENCRYPTION_KEY: base64 of exactly 32 bytes, else a clear error. */
export function parseEncryptionKey(b64: string): Buffer {
  const s = b64.trim();
  const key = Buffer.from(s, 'base64');
  const canonical = /^[A-Za-z0-9+/]*={0,2}$/.test(s) || /^[A-Za-z0-9_-]*$/.test(s);
  if (!canonical || key.length !== 32) {
    throw new SecretStoreError(
      `SWITCHBOARD_ENCRYPTION_KEY must be 32 random bytes in base64 (44 characters, e.g. \`openssl rand -base64 32\`); ` +
        `the value given decodes to ${canonical ? key.length : 'no valid'} bytes`,
    );
  }
  return key;
}

export class EncryptedFileStore implements SecretStore {
  readonly kind = 'encrypted-file' as const;
  readonly file: string;
  private readonly key: Buffer;
  /** every operation runs after the previous one: read-modify-write must not interleave */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(opts: { file: string; key: Buffer }) {
    if (opts.key.length !== 32) throw new SecretStoreError('the encryption key must be 32 bytes');
    this.file = opts.file;
    this.key = opts.key;
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op, op);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async load(): Promise<Record<string, string>> {
    let raw: string;
    try {
      raw = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw e;
    }
    try {
      const env = JSON.parse(raw) as Envelope;
      if (env.format !== FORMAT || env.version !== VERSION) throw new Error(`unknown format ${env.format} v${env.version}`);
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(env.iv, 'base64'));
      decipher.setAAD(AAD);
      decipher.setAuthTag(Buffer.from(env.tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(env.data, 'base64')), decipher.final()]);
      const accounts = (JSON.parse(plain.toString('utf8')) as { accounts: Record<string, string> }).accounts;
      return { ...accounts };
    } catch (e) {
      throw new SecretStoreError(
        `${this.file} cannot be decrypted with this SWITCHBOARD_ENCRYPTION_KEY: the key is wrong or the file is damaged. ` +
          'The file was left untouched; start again with the key it was written with.',
        { cause: e },
      );
    }
  }

  private async save(accounts: Record<string, string>): Promise<void> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(AAD);
    const data = Buffer.concat([cipher.update(JSON.stringify({ accounts }), 'utf8'), cipher.final()]);
    const env: Envelope = {
      format: FORMAT, version: VERSION, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64'),
    };
    await mkdir(dirname(this.file), { recursive: true });
    replaceFileSync(this.file, JSON.stringify(env));
  }

  get(account: string): Promise<string | null> {
    return this.serial(async () => (await this.load())[account] ?? null);
  }

  accounts(): Promise<string[]> {
    return this.serial(async () => Object.keys(await this.load()));
  }

  set(account: string, value: string): Promise<void> {
    return this.serial(async () => {
      const accounts = await this.load();
      accounts[account] = value;
      await this.save(accounts);
    });
  }

  delete(account: string): Promise<void> {
    return this.serial(async () => {
      const accounts = await this.load();
      if (!Object.hasOwn(accounts, account)) return;
      delete accounts[account];
      await this.save(accounts);
    });
  }

  async status(): Promise<SecretStoreStatus> {
    try {
      await this.serial(() => this.load());
      return { available: true, message: null };
    } catch (e) {
      return { available: false, message: e instanceof Error ? e.message : String(e) };
    }
  }
}
