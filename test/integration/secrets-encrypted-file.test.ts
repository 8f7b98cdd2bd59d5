import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EncryptedFileStore, KeychainStore, SecretStoreError, createSecretStore, parseEncryptionKey,
} from '../../src/node/secrets/index';
import { makeTempDir, type TempDir } from './db-fixtures';

let tmp: TempDir;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

const SECRET = 'sk-proj-THIS-IS-A-TEST-KEY-0123456789abcdef';
const newKey = () => randomBytes(32);
const store = (key: Buffer) => new EncryptedFileStore({ file: tmp.path('secrets.enc'), key });

describe('EncryptedFileStore', () => {
  it('round-trips, keeps accounts apart and deletes', async () => {
    const key = newKey();
    const s = store(key);
    expect(await s.get('provider/openai')).toBeNull();
    await s.set('provider/openai', SECRET);
    await s.set('byok/kid/openai', 'sk-other');
    expect(await s.get('provider/openai')).toBe(SECRET);
    // a new instance with the same key reads what the first wrote
    const again = store(key);
    expect(await again.get('byok/kid/openai')).toBe('sk-other');
    await again.delete('provider/openai');
    expect(await again.get('provider/openai')).toBeNull();
    expect(await again.get('byok/kid/openai')).toBe('sk-other');
    await again.delete('never-there');
    expect(await s.status()).toEqual({ available: true, message: null });
  });

  it('writes no plaintext, a fresh IV every time, mode 0600, and no temp files', async () => {
    const s = store(newKey());
    await s.set('provider/openai', SECRET);
    const first = readFileSync(tmp.path('secrets.enc'));
    await s.set('provider/openai', SECRET);
    const second = readFileSync(tmp.path('secrets.enc'));
    for (const bytes of [first, second]) {
      expect(bytes.includes(Buffer.from(SECRET))).toBe(false);
      expect(bytes.includes(Buffer.from('THIS-IS-A-TEST-KEY'))).toBe(false);
      expect(bytes.includes(Buffer.from('provider/openai'))).toBe(false);
    }
    const iv = (b: Buffer) => JSON.parse(b.toString('utf8')).iv as string;
    expect(Buffer.from(iv(first), 'base64')).toHaveLength(12);
    expect(iv(first)).not.toBe(iv(second));
    if (process.platform !== 'win32') expect(statSync(tmp.path('secrets.enc')).mode & 0o777).toBe(0o600);
    expect(readdirSync(tmp.dir)).toEqual(['secrets.enc']);
  });

  it('refuses a wrong key clearly and never touches the file', async () => {
    await store(newKey()).set('provider/openai', SECRET);
    const before = readFileSync(tmp.path('secrets.enc'));
    const wrong = store(newKey());
    await expect(wrong.get('provider/openai')).rejects.toThrow(SecretStoreError);
    await expect(wrong.get('provider/openai')).rejects.toThrow(/cannot be decrypted with this SWITCHBOARD_ENCRYPTION_KEY/);
    await expect(wrong.set('provider/anthropic', 'sk-ant-new')).rejects.toThrow(SecretStoreError);
    await expect(wrong.delete('provider/openai')).rejects.toThrow(SecretStoreError);
    const status = await wrong.status();
    expect(status.available).toBe(false);
    expect(status.message).toMatch(/wrong or the file is damaged/);
    expect(readFileSync(tmp.path('secrets.enc')).equals(before)).toBe(true);
  });

  it('detects tampering', async () => {
    const key = newKey();
    await store(key).set('provider/openai', SECRET);
    const env = JSON.parse(readFileSync(tmp.path('secrets.enc'), 'utf8'));
    const data = Buffer.from(env.data, 'base64');
    data[0] = (data[0] ?? 0) ^ 1;
    writeFileSync(tmp.path('secrets.enc'), JSON.stringify({ ...env, data: data.toString('base64') }));
    await expect(store(key).get('provider/openai')).rejects.toThrow(SecretStoreError);
  });

  it('loses nothing under concurrent writes', async () => {
    const s = store(newKey());
    await Promise.all(Array.from({ length: 20 }, (_, i) => s.set(`acct/${i}`, `value-${i}`)));
    for (let i = 0; i < 20; i++) expect(await s.get(`acct/${i}`)).toBe(`value-${i}`);
  });
});

describe('SWITCHBOARD_ENCRYPTION_KEY', () => {
  it.each([
    ['too short', randomBytes(16).toString('base64')],
    ['too long', randomBytes(48).toString('base64')],
    ['not base64', '!'.repeat(44)],
    ['hex instead of base64', randomBytes(32).toString('hex')],
  ])('refuses a key that is %s', (_label, value) => {
    expect(() => parseEncryptionKey(value)).toThrow(/32 random bytes in base64/);
  });

  it('accepts 32 bytes in base64', () => {
    expect(parseEncryptionKey(`${randomBytes(32).toString('base64')}\n`)).toHaveLength(32);
  });

  it('createSecretStore picks the encrypted file when a key is given, else the keychain', () => {
    const withKey = createSecretStore({ dataDir: tmp.dir, encryptionKey: randomBytes(32).toString('base64'), installId: 'x' });
    expect(withKey).toBeInstanceOf(EncryptedFileStore);
    expect(withKey.kind).toBe('encrypted-file');
    expect((withKey as EncryptedFileStore).file).toBe(tmp.path('secrets.enc'));
    const without = createSecretStore({ dataDir: tmp.dir, encryptionKey: '', installId: 'x' });
    expect(without).toBeInstanceOf(KeychainStore);
    expect(without.kind).toBe('keychain');
    expect(() => createSecretStore({ dataDir: tmp.dir, encryptionKey: 'short', installId: 'x' })).toThrow(/32 random bytes/);
  });
});
