import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/node/catalog/index';
import { writeDefaultToken } from '../../src/node/app-files';
import { createStatusMethods } from '../../src/node/service/status-methods';
import { UsageRecorder } from '../../src/node/usage/recorder';
import { createHarness, refusal, type Harness } from './service-harness';
import { usageRecord } from './usage-fixtures';

let h: Harness;
beforeEach(() => {
  h = createHarness({ OPENAI_API_KEY: 'sk-env-openai-default-000000' });
});
afterEach(() => h.close());

describe('profiles and tokens', () => {
  it('creates a profile with a token shown once and stored only as a hash', async () => {
    const created = await h.service.createUser({ name: 'Kid Laptop', monthly_cap_usd: 5 });
    expect(created.user).toMatchObject({ id: 'kid-laptop', power_level: 'balanced', monthly_cap_usd: 5, privacy_guard: 'off' });
    expect(created.token).toMatch(/^sb-[A-Za-z0-9_-]{43}$/);
    expect(created.user.tokens).toEqual([expect.objectContaining({ id: created.token_id, prefix: `${created.token.slice(0, 7)}…`, revoked_at: null })]);
    expect(JSON.stringify(await h.service.listUsers())).not.toContain(created.token);
    const bytes = h.dbBytes();
    expect(bytes.includes(Buffer.from(created.token))).toBe(false);
    expect(bytes.includes(Buffer.from(created.token.slice(3)))).toBe(false);
    expect(bytes.includes(Buffer.from(hashToken(created.token)))).toBe(true);
    expect(h.catalog.resolveToken(created.token)).toEqual({ userId: 'kid-laptop', tokenId: created.token_id });
    expect(h.catalog.profile('kid-laptop')).toMatchObject({ powerLevel: 'balanced', monthlyCapUsd: 5 });
    expect((await h.service.listAudit({}))[0]?.detail).not.toContain(created.token);
  });

  it('offers the data dir\'s default token for the snippets only while it is a live token of the Default profile', async () => {
    const status = createStatusMethods({
      version: 't', dataDir: h.tmp.dir, proxyUrl: () => 'http://127.0.0.1:1', isPaused: () => false, setPaused: () => {},
      secrets: h.secrets, todaySpentUsd: () => 0, monthSpentUsd: () => 0, todayUnpricedRequests: () => 0,
      monthUnpricedRequests: () => 0, dataWarnings: () => [],
    }, h.ctx);
    const defaultToken = async () => (await status.getStatus(undefined)).default_token;
    expect(await defaultToken()).toBeNull();
    const issued = await h.service.issueToken({ id: 'default', name: 'default' });
    writeDefaultToken(h.tmp.dir, issued.token);
    expect(await defaultToken()).toBe(issued.token);
    await h.service.revokeToken({ id: 'default', token_id: issued.token_info.id });
    expect(await defaultToken()).toBeNull();
    // another profile's token in the file is not Default's either
    const other = await h.service.createUser({ name: 'Other' });
    writeDefaultToken(h.tmp.dir, other.token);
    expect(await defaultToken()).toBeNull();
  });

  it('DATA_DIR/default-token holds a live Default token or is not there: revoking it removes it, the next token issued for Default takes its place', async () => {
    const file = join(h.tmp.dir, 'default-token');
    const first = await h.service.issueToken({ id: 'default', name: 'default' });
    expect(readFileSync(file, 'utf8').trim()).toBe(first.token);
    expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    // a live file token stays: another token, of Default or another profile, never replaces it
    const laptop = await h.service.issueToken({ id: 'default', name: 'laptop' });
    await h.service.createUser({ name: 'Other' });
    await h.service.revokeToken({ id: 'default', token_id: laptop.token_info.id });
    expect(readFileSync(file, 'utf8').trim()).toBe(first.token);
    // before: the file kept the revoked token, and every `$(cat .../default-token)` recipe got 401
    await h.service.revokeToken({ id: 'default', token_id: first.token_info.id });
    expect(existsSync(file)).toBe(false);
    const next = await h.service.issueToken({ id: 'default', name: 'new' });
    expect(readFileSync(file, 'utf8').trim()).toBe(next.token);
    expect(h.catalog.resolveToken(next.token)?.userId).toBe('default');
    expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    // written whole, then renamed into place: no temporary file is left beside it
    expect(readdirSync(h.tmp.dir).filter((f) => f.startsWith('default-token'))).toEqual(['default-token']);
  });

  it('issues and revokes tokens; revoked tokens never resolve', async () => {
    const issued = await h.service.issueToken({ id: 'default', name: 'cursor' });
    expect(issued.token_info).toMatchObject({ name: 'cursor', revoked_at: null, last_used_at: null });
    expect(h.catalog.resolveToken(issued.token)?.userId).toBe('default');
    expect(await h.service.revokeToken({ id: 'default', token_id: issued.token_info.id })).toEqual({ revoked: true });
    expect(h.catalog.resolveToken(issued.token)).toBeNull();
    expect(await h.service.revokeToken({ id: 'default', token_id: issued.token_info.id })).toEqual({ revoked: true });
    const token = (await h.service.listUsers())[0]?.tokens.find((t) => t.id === issued.token_info.id);
    expect(token?.revoked_at).not.toBeNull();
    expect(await refusal(h.service.revokeToken({ id: 'default', token_id: 'tok_nope' }))).toMatchObject({ status: 404 });
    const other = await h.service.createUser({ name: 'Other' });
    expect(await refusal(h.service.revokeToken({ id: 'default', token_id: other.token_id }))).toMatchObject({ status: 404 });
    expect(await refusal(h.service.issueToken({ id: 'ghost' }))).toMatchObject({ status: 404 });
  });

  it("after the tray switches the Default profile's level, new profiles start there", async () => {
    // the tray's switch: PUT /users/default {power_level}, the stored rules left as they were
    await h.service.updateUser({ id: 'default', patch: { power_level: 'precision' } });
    expect((await h.service.getRoutingRules(undefined)).power_level).toBe('precision');
    expect((await h.service.createUser({ name: 'New' })).user.power_level).toBe('precision');
  });

  it('updates any subset and checks preferred models', async () => {
    const u = await h.service.updateUser({ id: 'default', patch: { power_level: 'eco', preferred_models: ['ollama/llama3.2'] } });
    expect(u).toMatchObject({ power_level: 'eco', preferred_models: ['ollama/llama3.2'], name: 'Default' });
    expect(h.catalog.profile('default')?.powerLevel).toBe('eco');
    const before = h.state();
    expect(await refusal(h.service.updateUser({ id: 'default', patch: { preferred_models: ['nope/x'] } }))).toMatchObject({ status: 400, field: 'preferred_models[0]' });
    expect(await refusal(h.service.updateUser({ id: 'default', patch: { power_level: 'max' as never } }))).toMatchObject({ status: 400, field: 'power_level' });
    expect(await refusal(h.service.updateUser({ id: 'ghost', patch: { name: 'x' } }))).toMatchObject({ status: 404 });
    expect(await refusal(h.service.createUser({ id: 'default', name: 'Again' }))).toMatchObject({ status: 409, field: 'id' });
    expect(h.state()).toBe(before);
  });

  it('derives a free id when none is given: non-Latin names and names already taken still make a profile', async () => {
    const ids = [];
    for (const name of ['Иван', 'Мария', '山田', 'Kid', 'Kid', 'k'.repeat(70), 'k'.repeat(70)]) ids.push((await h.service.createUser({ name })).user.id);
    expect(ids).toEqual(['profile', 'profile-2', 'profile-3', 'kid', 'kid-2', 'k'.repeat(64), `${'k'.repeat(62)}-2`]);
    // an id given is that id or a 409, never another one
    expect(await refusal(h.service.createUser({ id: 'kid', name: 'Kid' }))).toMatchObject({ status: 409, field: 'id', message: 'a profile with id kid already exists' });
    expect((await h.service.createUser({ id: 'kid-3', name: 'Kid' })).user.id).toBe('kid-3');
  });

  it("never derives a deleted profile's id: its spend and usage stay its own, in the log or only in the daily totals", async () => {
    const recorder = new UsageRecorder(h.db, { flushIntervalMs: 60_000 });
    try {
      const carol = await h.service.createUser({ name: 'Carol', monthly_cap_usd: 1 });
      expect(carol.user.id).toBe('carol');
      recorder.record(usageRecord({ userId: 'carol', tokenId: carol.token_id, costUsd: 0.4 }));
      recorder.flush();
      await h.service.deleteUser({ id: 'carol' });
      const again = await h.service.createUser({ name: 'Carol', monthly_cap_usd: 1 });
      expect(again.user.id).toBe('carol-2');
      // the log's rows past retention are gone; the daily totals still hold the id
      const dave = await h.service.createUser({ name: 'Dave' });
      recorder.record(usageRecord({ userId: 'dave', tokenId: dave.token_id }));
      recorder.flush();
      await h.service.deleteUser({ id: 'dave' });
      h.db.prepare("DELETE FROM usage_log WHERE user_id = 'dave'").run();
      expect((await h.service.createUser({ name: 'Dave' })).user.id).toBe('dave-2');
      // nor is an id given outright: a 409, never a new profile that starts with the deleted one's spend
      expect(await refusal(h.service.createUser({ id: 'carol', name: 'Carol' }))).toMatchObject({ status: 409, field: 'id' });
      expect(await refusal(h.service.createUser({ id: 'dave', name: 'Dave' }))).toMatchObject({ status: 409, field: 'id' });
    } finally {
      recorder.close();
    }
  });

  it('never deletes the default profile; deletes others with their tokens and BYOK keys', async () => {
    const before = h.state();
    expect(await refusal(h.service.deleteUser({ id: 'default' }))).toMatchObject({ status: 409 });
    expect(await refusal(h.service.deleteUser({ id: 'ghost' }))).toMatchObject({ status: 404 });
    expect(h.state()).toBe(before);

    const kid = await h.service.createUser({ id: 'kid', name: 'Kid' });
    await h.service.setByok({ id: 'kid', provider_id: 'openai', api_key: 'sk-kid-own-key-000000001234' });
    await h.service.deleteUser({ id: 'kid' });
    expect(h.catalog.resolveToken(kid.token)).toBeNull();
    expect(await h.fileStore.get('byok/kid/openai')).toBeNull();
    expect((await h.service.listUsers()).map((u) => u.id)).toEqual(['default']);
  });
});

describe('BYOK', () => {
  const OWN = 'sk-kid-own-openai-key-00005678';

  it('uses the profile key first, then the stored global key, then the env default', async () => {
    await h.service.createUser({ id: 'kid', name: 'Kid' });
    expect(await h.catalog.providerKey('openai', 'kid')).toBe('sk-env-openai-default-000000');
    await h.service.updateProvider({ id: 'openai', patch: { api_key: 'sk-global-stored-key-0000000' } });
    expect(await h.catalog.providerKey('openai', 'kid')).toBe('sk-global-stored-key-0000000');
    const entry = await h.service.setByok({ id: 'kid', provider_id: 'openai', api_key: OWN, preferred_models: ['openai/gpt-4.1-mini'] });
    expect(entry).toMatchObject({ provider_id: 'openai', api_key_masked: 'sk-...5678', preferred_models: ['openai/gpt-4.1-mini'] });
    expect(await h.catalog.providerKey('openai', 'kid')).toBe(OWN);
    expect(await h.catalog.providerKey('openai', 'default')).toBe('sk-global-stored-key-0000000');
    expect(await h.catalog.providerKey('openai')).toBe('sk-global-stored-key-0000000');
    expect(h.catalog.profile('kid')?.byokProviders.has('openai')).toBe(true);
    expect(await h.service.listByok({ id: 'kid' })).toEqual([entry]);
    expect(JSON.stringify(await h.service.listByok({ id: 'kid' }))).not.toContain(OWN);
    expect(h.dbBytes().includes(Buffer.from(OWN))).toBe(false);

    await h.service.deleteByok({ id: 'kid', provider_id: 'openai' });
    expect(await h.catalog.providerKey('openai', 'kid')).toBe('sk-global-stored-key-0000000');
    expect(await h.fileStore.get('byok/kid/openai')).toBeNull();
    // each change is told (the router forgets the old key's rate limits)
    expect(h.byokChanges).toEqual(['kid/openai', 'kid/openai']);
  });

  it('refuses bad input and unknown ids, changing nothing', async () => {
    const before = h.state();
    expect(await refusal(h.service.setByok({ id: 'ghost', provider_id: 'openai', api_key: OWN }))).toMatchObject({ status: 404 });
    expect(await refusal(h.service.setByok({ id: 'default', provider_id: 'ghost', api_key: OWN }))).toMatchObject({ status: 400, field: 'provider_id' });
    expect(await refusal(h.service.setByok({ id: 'default', provider_id: 'openai', api_key: 'bad\nkey' }))).toMatchObject({ status: 400, field: 'api_key' });
    expect(await refusal(h.service.setByok({ id: 'default', provider_id: 'openai', api_key: 'ключ' }))).toMatchObject({ status: 400, field: 'api_key' });
    expect(await refusal(h.service.deleteByok({ id: 'default', provider_id: 'openai' }))).toMatchObject({ status: 404 });
    expect(await refusal(h.service.listByok({ id: 'ghost' }))).toMatchObject({ status: 404 });
    h.secrets.failWrites = 1;
    expect(await refusal(h.service.setByok({ id: 'default', provider_id: 'openai', api_key: OWN }))).toMatchObject({ status: 503 });
    expect(h.state()).toBe(before);
  });

  it('keeps every stored key out of the database file and its WAL', async () => {
    await h.service.updateProvider({ id: 'anthropic', patch: { api_key: 'sk-ant-api03-VerySecretAnthropicKey-000' } });
    await h.service.setByok({ id: 'default', provider_id: 'openai', api_key: OWN });
    const files = [h.dbFile, `${h.dbFile}-wal`];
    for (const f of files) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(f);
      } catch {
        continue;
      }
      expect(bytes.includes(Buffer.from('VerySecretAnthropicKey'))).toBe(false);
      expect(bytes.includes(Buffer.from('kid-own-openai-key'))).toBe(false);
    }
  });
});
