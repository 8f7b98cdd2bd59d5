import { describe, expect, it } from 'vitest';
import type { Alert } from '../shared/types';
import { AlertNotifier } from './alert-notifier';

const alert = (id: string): Alert => ({ id, kind: 'provider_failing', severity: 'warning', subject: 'fo', message: id, created_at: '2026-01-01T00:00:00Z' });

describe('AlertNotifier', () => {
  it('notifies once while an alert lasts, and again when it comes back after ending', () => {
    const n = new AlertNotifier();
    const poll = (...ids: string[]) => {
      const { fresh, ended } = n.poll(ids.map(alert));
      return { fresh: fresh.map((a) => a.id), ended };
    };
    expect(poll('provider_failing:fo')).toEqual({ fresh: ['provider_failing:fo'], ended: [] });
    expect(poll('provider_failing:fo', 'rate_limit_near:fo:requests')).toEqual({ fresh: ['rate_limit_near:fo:requests'], ended: [] });
    // the provider recovered: the alert is gone from the poll, its episode over
    expect(poll('rate_limit_near:fo:requests')).toEqual({ fresh: [], ended: ['provider_failing:fo'] });
    expect(poll('rate_limit_near:fo:requests')).toEqual({ fresh: [], ended: [] });
    // failing again next week: a new episode, a new notification
    expect(poll('provider_failing:fo', 'rate_limit_near:fo:requests')).toEqual({ fresh: ['provider_failing:fo'], ended: [] });
  });
});
