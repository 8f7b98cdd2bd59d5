import { describe, expect, it } from 'vitest';
import type { Alert } from '../shared/types';
import { AlertNotifier } from './alert-notifier';

const alert = (id: string): Alert => ({ id, kind: 'provider_failing', severity: 'warning', subject: 'fo', message: id, created_at: '2026-01-01T00:00:00Z' });

describe('AlertNotifier', () => {
  it('notifies once while an alert lasts, and again when it comes back after ending', () => {
    const n = new AlertNotifier();
    expect(n.takeNew([alert('provider_failing:fo')]).map((a) => a.id)).toEqual(['provider_failing:fo']);
    expect(n.takeNew([alert('provider_failing:fo'), alert('rate_limit_near:fo:requests')]).map((a) => a.id)).toEqual(['rate_limit_near:fo:requests']);
    // the provider recovered: the alert is gone from the poll
    expect(n.takeNew([alert('rate_limit_near:fo:requests')])).toEqual([]);
    // failing again next week: a new episode, a new notification
    expect(n.takeNew([alert('provider_failing:fo'), alert('rate_limit_near:fo:requests')]).map((a) => a.id)).toEqual(['provider_failing:fo']);
  });
});
