import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from './canonical';
import { detectSecrets, detectSecretsInTexts } from './privacy';

// Fake credentials of the right shape, assembled at run time so no scanner mistakes this file for a leak.
const alnum = (n: number, seed = 7) => Array.from({ length: n }, (_, i) => 'aB3dE5gH7jK9mN1pQ2rS4tU6vW8xY0z'[(i * seed) % 31]).join('');
const FAKE = {
  private_key: ['-----BEGIN ', 'RSA PRIVATE KEY-----\nMIIEow...\n-----END RSA PRIVATE KEY-----'].join(''),
  openssh_key: ['-----BEGIN ', 'OPENSSH PRIVATE KEY-----'].join(''),
  aws_access_key: ['AKIA', 'IOSFODNN7EXAMPLE'].join(''),
  openai_key: ['sk-', 'proj-', alnum(48)].join(''),
  anthropic_key: ['sk-', 'ant-api03-', alnum(80)].join(''),
  openrouter_key: ['sk-', 'or-v1-', alnum(64)].join(''),
  github_token: ['ghp', '_', alnum(36)].join(''),
  github_pat: ['github', '_pat_', alnum(82)].join(''),
  google_api_key: ['AI', 'za', alnum(35)].join(''),
  slack_token: ['xo', 'xb-', '1234567890-', alnum(24)].join(''),
  jwt: ['eyJ', 'hbGciOiJIUzI1NiJ9', '.eyJ', 'zdWIiOiIxMjM0NTY3ODkwIn0', '.', 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'].join(''),
};

function req(text: string, extra: Partial<CanonicalRequest> = {}): CanonicalRequest {
  return { model: 'auto', system: [], messages: [{ role: 'user', content: [{ type: 'text', text }] }], stream: false, includeUsage: false, ...extra };
}

describe('detectSecrets', () => {
  it('finds nothing in ordinary text', () => {
    expect(detectSecrets(req('Please summarise the attached meeting notes about the sk-learn upgrade.'))).toEqual([]);
    expect(detectSecrets(req('my password is something I will not tell you'))).toEqual([]);
  });

  it.each([
    ['private_key', FAKE.private_key],
    ['private_key', FAKE.openssh_key],
    ['aws_access_key', `aws id ${FAKE.aws_access_key} here`],
    ['openai_key', `key=${FAKE.openai_key}`],
    ['anthropic_key', FAKE.anthropic_key],
    ['openrouter_key', FAKE.openrouter_key],
    ['github_token', FAKE.github_token],
    ['github_token', FAKE.github_pat],
    ['google_api_key', FAKE.google_api_key],
    ['slack_token', FAKE.slack_token],
    ['jwt', `Authorization: Bearer ${FAKE.jwt}`],
  ])('detects %s', (kind, text) => {
    expect(detectSecrets(req(text))).toContain(kind);
  });

  it('does not call an Anthropic or OpenRouter key an OpenAI key', () => {
    expect(detectSecrets(req(FAKE.anthropic_key))).toEqual(['anthropic_key']);
    expect(detectSecrets(req(FAKE.openrouter_key))).toEqual(['openrouter_key']);
  });

  it('detects .env style secrets with real-looking values', () => {
    expect(detectSecrets(req('DB_HOST=localhost\nDB_PASSWORD=s3cr3t-Pa55w0rd!\n'))).toEqual(['dotenv_secret']);
    expect(detectSecrets(req('export STRIPE_SECRET="rk_live_51Habc123def456"'))).toEqual(['dotenv_secret']);
    expect(detectSecrets(req('API_KEY=9f8e7d6c5b4a3f2e1d0c'))).toEqual(['dotenv_secret']);
    // real values that merely contain a stand-in word are still secrets
    expect(detectSecrets(req('DB_PASSWORD=Trueblue99none'))).toEqual(['dotenv_secret']);
  });

  it('ignores .env lines with placeholders, short values or innocent names', () => {
    const text = [
      'API_KEY=your-api-key-here', 'PASSWORD=${DB_PASSWORD}', 'SECRET=<secret>', 'TOKEN=xxxxxxxxxxxx',
      'PASSWORD=short', 'AUTH_TOKEN=changeme123', 'DATABASE_URL=postgres://localhost/db', 'secret_name = "not-an-env-var"',
      'ENABLE_AUTH=undefined', 'CLIENT_SECRET=password', 'API_TOKEN={{api_token}}', 'ACCESS_KEY=%ACCESS_KEY%',
    ].join('\n');
    expect(detectSecrets(req(text))).toEqual([]);
  });

  it('scans system prompts and tool-call arguments, and reports each kind once', () => {
    const r: CanonicalRequest = {
      model: 'auto', system: [`use ${FAKE.github_token}`], stream: false, includeUsage: false,
      messages: [
        { role: 'user', content: [{ type: 'text', text: FAKE.github_token }] },
        { role: 'assistant', content: [], toolCalls: [{ id: '1', name: 'set_env', arguments: JSON.stringify({ v: FAKE.aws_access_key }) }] },
      ],
    };
    expect(detectSecrets(r)).toEqual(['aws_access_key', 'github_token']);
  });

  it('returns kinds, never the matched text', () => {
    const kinds = detectSecrets(req(FAKE.openai_key));
    expect(JSON.stringify(kinds)).not.toContain(FAKE.openai_key.slice(0, 12));
  });
});

describe('detectSecrets stays linear on hostile input', () => {
  const MB = 1 << 20;
  const adversarial: [string, string][] = [
    ['jwt prefixes', 'eyJ'.repeat(MB / 3)],
    ['jwt two segments', `eyJ${'a'.repeat(MB / 2)}.eyJ${'b'.repeat(MB / 2)}`],
    ['sk- runs', 'sk-'.repeat(MB / 3)],
    ['short sk- tokens', 'sk-abc '.repeat(MB / 7)],
    ['one long line of capitals', 'A'.repeat(MB)],
    ['capitals with spaces before =', `${'PASSWORD'.repeat(MB / 16)}${' '.repeat(MB / 2)}`],
    ['many short env lines', 'API_KEY=\n'.repeat(MB / 9)],
    ['BEGIN headers', '-----BEGIN '.repeat(MB / 11)],
    ['BEGIN with long name', `-----BEGIN ${'A '.repeat(MB / 2)}`],
    ['AKIA runs', 'AKIA'.repeat(MB / 4)],
    ['github prefixes', 'ghp_'.repeat(MB / 4)],
    ['slack prefixes', 'xoxb-'.repeat(MB / 5)],
    ['AIza runs', 'AIza'.repeat(MB / 4)],
  ];

  it.each(adversarial)('%s (1 MB) scans in under 250 ms', (_name, text) => {
    const t0 = performance.now();
    detectSecretsInTexts([text]);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(250);
  });
});
