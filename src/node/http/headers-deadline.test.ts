import { afterEach, describe, expect, it, vi } from 'vitest';
import { UpstreamFailure } from '../../core/canonical';
import { CallAbort } from './call-signal';
import { HeadersDeadline } from './headers-deadline';

afterEach(() => { vi.useRealTimers(); });

describe('HeadersDeadline', () => {
  it('ends the request with a timeout when the deadline passes first, and leaves the call\'s signal', () => {
    vi.useFakeTimers();
    const call = new CallAbort();
    const d = new HeadersDeadline(1000, Date.now(), call);
    const fired: unknown[] = [];
    d.addEventListener('abort', () => fired.push(d.reason), { once: true });
    vi.advanceTimersByTime(999);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(d.aborted).toBe(true);
    expect(fired).toHaveLength(1);
    expect(fired[0]).toBeInstanceOf(UpstreamFailure);
    expect((fired[0] as UpstreamFailure).error).toMatchObject({ kind: 'timeout', message: 'upstream timed out: no response headers within 1000 ms' });
    // the call ending later reaches no listener twice
    call.abort();
    expect(fired).toHaveLength(1);
  });

  it('once the headers came, only the call\'s abort reaches the request (its body is cut when the client goes)', () => {
    vi.useFakeTimers();
    const call = new CallAbort();
    const d = new HeadersDeadline(1000, Date.now(), call);
    const fired: unknown[] = [];
    d.addEventListener('abort', () => fired.push(d.reason), { once: true });
    d.done();
    vi.advanceTimersByTime(5000);
    expect([d.aborted, fired]).toEqual([false, []]);
    call.abort('gone');
    expect([d.aborted, fired]).toEqual([true, ['gone']]);
  });

  it('counts the wait before it from startedAt, and takes no listener once aborted', () => {
    vi.useFakeTimers();
    const d = new HeadersDeadline(1000, Date.now() - 900, undefined);
    expect(d.leftMs(Date.now() - 900)).toBe(100);
    vi.advanceTimersByTime(100);
    expect(d.aborted).toBe(true);
    const late = vi.fn();
    d.addEventListener('abort', late);
    expect(late).not.toHaveBeenCalled();
    const gone = new CallAbort();
    gone.abort('before');
    const already = new HeadersDeadline(1000, Date.now(), gone);
    expect([already.aborted, already.reason]).toEqual([true, 'before']);
    already.done();
  });
});
