import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { countsAsError, isCutShort } from '../../shared/counts-as-error';
import { countsAsErrorSql } from './counts-as-error-sql';

const KINDS = [null, 'server', 'rate_limit', 'timeout', 'paused', 'budget_exhausted', 'http_500', 'client_closed', 'shutdown', "it's"];

describe('countsAsError', () => {
  it('a request cut short (the client left, Switchboard quit) is no error; any other error kind is one', () => {
    expect(KINDS.filter(countsAsError)).toEqual(['server', 'rate_limit', 'timeout', 'paused', 'budget_exhausted', 'http_500', "it's"]);
    expect(KINDS.filter(isCutShort)).toEqual(['client_closed', 'shutdown']);
  });

  it('says in SQL what it says in TypeScript, for every kind', () => {
    const db = new Database(':memory:');
    try {
      const inSql = db.prepare(`SELECT ${countsAsErrorSql('k')} AS failed FROM (SELECT ? AS k)`).pluck();
      expect(KINDS.map((k) => inSql.get(k) === 1)).toEqual(KINDS.map(countsAsError));
    } finally {
      db.close();
    }
  });
});
