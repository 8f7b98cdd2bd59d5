// The tray menu as plain data: a pure function of what the tray shows, so its labels,
// radio state and actions are tested without Electron. tray.ts turns it into a Menu.
import { formatUsd } from '../shared/money';
import { POWER_LEVELS, type PowerLevel } from '../shared/types';

export interface TrayState {
  /** the `default` profile's power level; null until first loaded */
  powerLevel: PowerLevel | null;
  /** every profile's spend */
  todaySpendUsd: number | null;
  monthSpendUsd: number | null;
  /** requests of unknown cost, left out of the spend above (never counted as $0) */
  todayUnpricedRequests: number;
  monthUnpricedRequests: number;
  /** the `default` profile's monthly cap and its spend against it */
  monthlyCapUsd: number | null;
  defaultSpendUsd: number | null;
  /** the `default` profile's requests of unknown cost this month, left out of defaultSpendUsd */
  defaultUnpricedRequests: number;
  paused: boolean;
  proxyUrl: string | null;
  /** names of enabled local providers whose server does not answer */
  notRunning: string[];
  /** the newest failed request, one line */
  lastError: string | null;
  /** null: never set (the app decides on first start) */
  launchAtLogin: boolean | null;
}

export const EMPTY_TRAY_STATE: TrayState = {
  powerLevel: null, todaySpendUsd: null, monthSpendUsd: null, todayUnpricedRequests: 0, monthUnpricedRequests: 0,
  monthlyCapUsd: null, defaultSpendUsd: null, defaultUnpricedRequests: 0, paused: false, proxyUrl: null, notRunning: [], lastError: null, launchAtLogin: null,
};

export type TrayActionId =
  | `power:${PowerLevel}`
  | 'toggle-pause'
  | 'toggle-login'
  | 'copy-url'
  | 'open'
  | 'quit';

export type TrayItemId = TrayActionId | 'power-heading' | 'today' | 'month' | 'cap' | 'proxy-status' | 'not-running' | 'last-error';

export type TrayMenuItem =
  | { type: 'separator' }
  | { type: 'normal' | 'radio' | 'checkbox'; id: TrayItemId; label: string; enabled: boolean; checked?: boolean };

const POWER_LABELS: Record<PowerLevel, string> = { eco: 'Eco', balanced: 'Balanced', precision: 'Precision' };

const unpricedTail = (n: number): string => (n > 0 ? ` + ${n} unpriced` : '');

function spendLine(prefix: string, value: number | null, unpriced: number): string {
  return `${prefix}: ${value === null ? '…' : formatUsd(value)}${unpricedTail(unpriced)}`;
}

/** The Default profile's cap, which the tray's power level also belongs to; null without a cap. */
function capLine(state: TrayState): string | null {
  if (state.monthlyCapUsd === null) return null;
  if (state.defaultSpendUsd === null) return `Default profile: … of ${formatUsd(state.monthlyCapUsd)}`;
  return `Default profile: ${formatUsd(state.defaultSpendUsd)} of ${formatUsd(state.monthlyCapUsd)}${unpricedTail(state.defaultUnpricedRequests)}`;
}

const MAX_LINE = 60;
const clip = (s: string): string => (s.length > MAX_LINE ? `${s.slice(0, MAX_LINE - 1)}…` : s);

function proxyLine(state: TrayState): string {
  if (state.proxyUrl === null) return 'Proxy starting…';
  return state.paused ? 'Proxy paused' : `Proxy on ${state.proxyUrl}`;
}

const info = (id: TrayItemId, label: string): TrayMenuItem => ({ type: 'normal', id, label, enabled: false });
const action = (id: TrayActionId, label: string, enabled = true): TrayMenuItem => ({ type: 'normal', id, label, enabled });
const SEPARATOR: TrayMenuItem = { type: 'separator' };

export function buildTrayMenuModel(state: TrayState): TrayMenuItem[] {
  const ready = state.proxyUrl !== null;
  const cap = capLine(state);
  return [
    info('power-heading', 'Power level'),
    ...POWER_LEVELS.map((level): TrayMenuItem => ({
      type: 'radio',
      id: `power:${level}`,
      label: POWER_LABELS[level],
      enabled: state.powerLevel !== null,
      checked: state.powerLevel === level,
    })),
    SEPARATOR,
    info('today', spendLine('Today (UTC)', state.todaySpendUsd, state.todayUnpricedRequests)),
    info('month', spendLine('This month (UTC)', state.monthSpendUsd, state.monthUnpricedRequests)),
    ...(cap === null ? [] : [info('cap', cap)]),
    SEPARATOR,
    info('proxy-status', proxyLine(state)),
    ...(state.notRunning.length > 0 ? [info('not-running', clip(`Not running: ${state.notRunning.join(', ')}`))] : []),
    ...(state.lastError !== null ? [info('last-error', clip(`Last error: ${state.lastError}`))] : []),
    action('toggle-pause', state.paused ? 'Resume proxy' : 'Pause proxy', ready),
    action('copy-url', 'Copy proxy URL', ready),
    SEPARATOR,
    { type: 'checkbox', id: 'toggle-login', label: 'Launch at login', enabled: ready, checked: state.launchAtLogin === true },
    action('open', 'Open Switchboard'),
    action('quit', 'Quit Switchboard'),
  ];
}

/** One line for the tray tooltip. */
export function trayTooltip(state: TrayState): string {
  return `Switchboard: ${proxyLine(state)}`;
}

export function isTrayAction(id: TrayItemId): id is TrayActionId {
  return id.startsWith('power:') || id === 'toggle-pause' || id === 'toggle-login' || id === 'copy-url' || id === 'open' || id === 'quit';
}
