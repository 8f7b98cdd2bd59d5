import { describe, expect, it, vi } from 'vitest';
import * as sha256 from '../sha256';
import { boundedUserId } from './end-user-id';

describe('boundedUserId', () => {
  it('keeps an id that fits and hashes a longer one, the same for the same id', () => {
    expect(boundedUserId('u'.repeat(64), 64)).toBe('u'.repeat(64));
    expect(boundedUserId('u'.repeat(65), 64)).toBe(sha256.sha256Hex('u'.repeat(65)));
    expect(boundedUserId('u'.repeat(65), 64)).not.toBe(boundedUserId('v'.repeat(65), 64));
  });

  it("hashes a session's id once, and a huge id no more than a bounded part of it", () => {
    const hash = vi.spyOn(sha256, 'sha256Hex');
    try {
      const session = `{"session_id":"${'s'.repeat(150)}"}`;
      const first = boundedUserId(session, 64);
      for (let i = 0; i < 1000; i++) expect(boundedUserId(session, 64)).toBe(first);
      expect(hash).toHaveBeenCalledTimes(1);
      hash.mockClear();
      const huge = 'x'.repeat(10_000_000);
      const id = boundedUserId(huge, 64);
      expect(id).toMatch(/^[0-9a-f]{64}$/);
      expect(hash.mock.calls[0]![0].length).toBeLessThan(5000);
      // the length is part of what is hashed: ids alike in their first few KB stay apart
      expect(boundedUserId(`${huge}y`, 64)).not.toBe(id);
    } finally {
      hash.mockRestore();
    }
  });
});
