// redactCaptured: what body capture takes out of a body beyond redactSecrets, every credential kind the
// privacy guard detects, where it lies; and serialise keeping the stored body valid JSON around it.
import { describe, expect, it } from 'vitest';
import { detectSecretsInTexts } from '../../core/privacy';
import { serialise } from './body-capture';
import { redactCaptured, redactedStart } from './capture-redact';
import { MORE_SECRETS, SECRET_PARTS, SECRETS } from '../../../test/fixtures/secret-samples';

describe('redactCaptured', () => {
  it('replaces each kind the privacy guard detects, keeping the names of named values', () => {
    // sk- keys are redactSecrets' (core/redact.ts), which serialise runs after
    const { openai: _, ...others } = SECRETS;
    for (const secret of Object.values(others)) {
      expect(detectSecretsInTexts([secret]), secret).not.toEqual([]);
      const clean = redactCaptured(`before\n${secret}\nafter`);
      expect(detectSecretsInTexts([clean]), secret).toEqual([]);
      for (const part of SECRET_PARTS) expect(clean, secret).not.toContain(part);
      expect(clean).toMatch(/^before\n([A-Z_]+=)?\[REDACTED\]\nafter$/);
    }
    expect(redactCaptured('export DB_PASSWORD="Tr0ub4dor&3xyz!"')).toBe('export DB_PASSWORD="[REDACTED]"');
    expect(redactCaptured('postgres://app:s3cr3t-pw@db.internal:5432/app')).toBe('postgres://app:[REDACTED]@db.internal:5432/app');
    expect(redactCaptured('gho_abcdefghijklmnopqrstuvwxyz0123456789 and ASIAZ7Q3HJKW2PLMNB4X')).toBe('[REDACTED] and [REDACTED]');
    // a block cut short loses all its key material
    expect(redactCaptured('-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nMIIEowIBAAKCAQEA')).toBe('[REDACTED]');
  });

  it.each(MORE_SECRETS.filter(([kind]) => kind !== 'openai_key'))('replaces a %s: %s', (_kind, text, secret) => {
    for (const body of [text, JSON.stringify({ content: text })]) {
      const clean = redactCaptured(`before\n${body}\nafter`);
      expect(clean).not.toContain(secret);
      expect(clean).toContain('[REDACTED]');
      expect(detectSecretsInTexts([clean])).toEqual([]);
    }
  });

  it('redacts a private key header alone, though the guard wants key material after it', () => {
    expect(redactCaptured(['-----BEGIN ', 'RSA PRIVATE KEY-----'].join(''))).toBe('[REDACTED]');
  });

  it('leaves config keys whose value is code or a stand-in as they are', () => {
    const code = 'password: hashedPassword,\nclient_secret: config.clientSecret,\npassword: ${DB_PASSWORD}\n"api_key": "<your-key>"';
    expect(redactCaptured(code)).toBe(code);
  });

  it('reads .env lines as the privacy guard does: behind line numbers, grep prefixes and list dashes', () => {
    for (const prefix of ['     3\t', '  12\u2192', 'config/.env:3:', '3:', '  - ']) {
      const line = `${prefix}DB_PASSWORD=Tr0ub4dor3xyzQ`;
      expect(detectSecretsInTexts([line]), prefix).toEqual(['dotenv_secret']);
      expect(redactCaptured(line), prefix).toBe(`${prefix}DB_PASSWORD=[REDACTED]`);
    }
  });

  it('takes a private key\'s material out as an agent\'s tools show it, .env lines in a JSON-escaped write, whole GitLab tokens', () => {
    const begin = ['-----BEGIN ', 'RSA PRIVATE KEY-----'].join('');
    for (const text of [`     1\u2192${begin}\n     2\u2192MIIEowIBAAKCAQEAx4UlaB3dE5gH7jK9\n`, `src/k.pem:1:${begin}\nsrc/k.pem:2:MIIEowIBAAKCAQEAx4UlaB3dE5gH7jK9\n`]) {
      for (const body of [text, JSON.stringify({ content: text })]) {
        expect(redactCaptured(body), body).not.toContain('MIIEowIBAAKCAQEAx4Ul');
        expect(detectSecretsInTexts([redactCaptured(body)])).toEqual([]);
      }
    }
    const write = JSON.stringify({ file_path: '.env', content: 'NODE_ENV=development\nDB_PASSWORD=Xk9mQ2vL8pR4tZ7w\nDEBUG=1\n' });
    expect(redactCaptured(write)).toBe(JSON.stringify({ file_path: '.env', content: 'NODE_ENV=development\nDB_PASSWORD=[REDACTED]\nDEBUG=1\n' }));
    const gitlab = ['glpat', 'Ab3De5Gh7Jk9Mn1Pq2RsTuVwXyZ01.01.171abc123'].join('-');
    expect(redactCaptured(`token ${gitlab}. next`)).toBe('token [REDACTED]. next');
    expect(redactCaptured(['whsec', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'].join('_'))).toBe('[REDACTED]');
  });

  it('leaves text without credentials as it is', () => {
    const plain = 'MAX_TOKENS=4096\nPATH=/usr/bin:/bin\nsee https://example.com/a:b@c? no, https://user@host/x; eyJhbGciOi is not a JWT\n-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----';
    expect(redactCaptured(plain)).toBe(plain);
  });

  it('takes no quote or half an escape out of JSON text', () => {
    const json = JSON.stringify({ a: `x\n${SECRETS.pem}`, b: 'TOKEN=abcdefgh\\"}', c: `${SECRETS.db_password}\\` });
    expect(() => JSON.parse(redactCaptured(json))).not.toThrow();
    expect(redactCaptured(json)).not.toContain('b3BlbnNzaC1rZXkt');
  });
});

describe('redactedStart', () => {
  it('reads on past secrets redaction shortened until it has the room asked for', () => {
    const value = `${SECRETS.jwt} `.repeat(1000);
    const start = redactedStart(value, 5000);
    expect(start.length).toBeGreaterThanOrEqual(5000);
    expect(start).not.toContain('eyJ');
  });
});

describe('serialise', () => {
  it('stores a body holding every kind as valid JSON holding none of them; a body without stays as printed', () => {
    const body = { model: 'auto', messages: [{ role: 'user', content: Object.values(SECRETS).join('\n') }] };
    const stored = serialise(body)!;
    for (const part of SECRET_PARTS) expect(stored).not.toContain(part);
    expect(JSON.parse(stored)).toEqual({ ...body, messages: [{ role: 'user', content: expect.stringContaining('DB_PASSWORD=[REDACTED]') }] });
    const clean = { model: 'auto', messages: [{ role: 'user', content: 'MAX_TOKENS=4096\nhello "there"\\' }] };
    expect(serialise(clean)).toBe(JSON.stringify(clean, null, 2));
  });

  it('redacts a streamed transcript too', () => {
    expect(serialise(`data: ${JSON.stringify({ delta: SECRETS.ghp })}\n\n`)).toBe('data: {"delta":"[REDACTED]"}\n\n');
  });
});
