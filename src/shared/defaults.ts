// Defaults a fresh install starts from; the admin API fills missing stored values from these.
import type { RoutingRules, Settings } from './types';

export const DEFAULT_ROUTING_RULES: Readonly<RoutingRules> = Object.freeze({
  power_level: 'balanced',
  strategy: 'balanced',
  weights: { cost: 0.4, latency: 0.2, quality: 0.4 },
  fallbacks: {},
  aliases: {},
  max_retries: 2,
  retries_per_model: 1,
  timeout_ms: 120_000,
  cooldown_failures: 3,
  cooldown_ms: 30_000,
  budget_step_down_at: 0.8,
  claude_code_model_names: false,
  gemini_cli_model_names: false,
});

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  usage_retention_days: 365,
  proxy_port: 4141,
  upstream_connections: 128,
  body_capture_until: null,
  launch_at_login: null,
});

/** Body capture runs for at most this many days at a time. */
export const BODY_CAPTURE_MAX_DAYS = 30;

/** Model names a client may send that are not model ids: they pick a power level. */
export const ROUTING_NAMES = ['auto', 'eco', 'balanced', 'precision'] as const;
