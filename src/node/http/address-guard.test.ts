import { describe, expect, it } from 'vitest';
import { forbiddenAddressReason } from './address-guard';
import { UpstreamClient } from './upstream-client';

describe('forbiddenAddressReason', () => {
  it.each([
    '169.254.169.254', '169.254.0.1', '0.0.0.0', '100.100.100.200', '::ffff:169.254.169.254',
    '::ffff:a9fe:a9fe', '[::ffff:a9fe:a9fe]', 'fe80::1', '::', 'fd00:ec2::254', '224.0.0.1',
  ])('refuses %s', (addr) => {
    expect(forbiddenAddressReason(addr)).not.toBeNull();
  });

  it.each(['127.0.0.1', '::1', '8.8.8.8', '10.1.2.3', '2001:db8::1', 'api.openai.com'])('allows %s', (addr) => {
    expect(forbiddenAddressReason(addr)).toBeNull();
  });
});

describe('UpstreamClient.urlProblem', () => {
  const client = new UpstreamClient({ selfPort: () => 4141 });
  it.each([
    ['file:///etc/passwd', /scheme/],
    ['gopher://127.0.0.1:70/', /scheme/],
    ['http://user:pw@example.com/v1', /credentials/],
    ['http://169.254.169.254/latest/meta-data', /metadata|link-local/],
    ['http://2852039166/', /metadata|link-local/],
    ['http://[::ffff:169.254.169.254]/', /metadata|link-local/],
    ['http://0xa9fea9fe/', /metadata|link-local/],
    ['http://127.0.0.1:4141/v1', /itself/],
    ['http://localhost:4141/v1', /itself/],
  ])('refuses %s', (url, why) => {
    expect(client.urlProblem(url)).toMatch(why);
  });

  it.each(['http://127.0.0.1:11434/v1', 'https://api.openai.com/v1', 'http://localhost:1234/v1'])('allows %s', (url) => {
    expect(client.urlProblem(url)).toBeNull();
  });
});
