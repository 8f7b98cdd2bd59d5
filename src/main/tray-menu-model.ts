// The tray menu as plain data: a pure function of what the tray shows, so its labels,
// radio state and actions are tested without Electron. tray.ts turns it into a Menu.
import { POWER_LEVELS, type PowerLevel } from '../shared/types';

export interface TrayState {
  /** the `default` profile's power level; null until first loaded */
  powerLevel: PowerLevel | null;
  todaySpendUsd: number | null;
  monthSpendUsd: number | null;
  /** requests of unknown cost, left out of the spend above (never counted as $0) */
  todayUnpricedRequests: number;
  monthUnpricedRequests: number;
  monthlyCapUsd: number | null;
  paused: boolean;
  proxyUrl: string | null;
}

export const EMPTY_TRAY_STATE: TrayState = {
  powerLevel: null, todaySpendUsd: null, monthSpendUsd: null, todayUnpricedRequests: 0, monthUnpricedRequests: 0,
  monthlyCapUsd: null, paused: false, proxyUrl: null,
};

export type TrayActionId =
  | `power:${PowerLevel}`
  | 'toggle-pause'
  | 'copy-url'
  | 'open'
  | 'quit';

export type TrayItemId = TrayActionId | 'power-heading' | 'today' | 'month' | 'proxy-status';

export type TrayMenuItem =
  | { type: 'separator' }
  | { type: 'normal' | 'radio'; id: TrayItemId; label: string; enabled: boolean; checked?: boolean };

const POWER_LABELS: Record<PowerLevel, string> = { eco: 'Eco', balanced: 'Balanced', precision: 'Precision' };

export function formatUsd(value: number): string {
  return `$${value.toFixed(2)}`;
}

function spendLine(prefix: string, value: number | null, unpriced: number): string {
  return `${prefix}: ${value === null ? '…' : formatUsd(value)}${unpriced > 0 ? ` + ${unpriced} unpriced` : ''}`;
}

function monthLine(state: TrayState): string {
  const spent = spendLine('This month', state.monthSpendUsd, 0);
  const cap = state.monthlyCapUsd === null ? spent : `${spent} of ${formatUsd(state.monthlyCapUsd)}`;
  return state.monthUnpricedRequests > 0 ? `${cap} + ${state.monthUnpricedRequests} unpriced` : cap;
}

function proxyLine(state: TrayState): string {
  if (state.proxyUrl === null) return 'Proxy starting…';
  return state.paused ? 'Proxy paused' : `Proxy on ${state.proxyUrl}`;
}

const info = (id: TrayItemId, label: string): TrayMenuItem => ({ type: 'normal', id, label, enabled: false });
const action = (id: TrayActionId, label: string, enabled = true): TrayMenuItem => ({ type: 'normal', id, label, enabled });
const SEPARATOR: TrayMenuItem = { type: 'separator' };

export function buildTrayMenuModel(state: TrayState): TrayMenuItem[] {
  const ready = state.proxyUrl !== null;
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
    info('today', spendLine('Today', state.todaySpendUsd, state.todayUnpricedRequests)),
    info('month', monthLine(state)),
    SEPARATOR,
    info('proxy-status', proxyLine(state)),
    action('toggle-pause', state.paused ? 'Resume proxy' : 'Pause proxy', ready),
    action('copy-url', 'Copy proxy URL', ready),
    SEPARATOR,
    action('open', 'Open Switchboard'),
    action('quit', 'Quit Switchboard'),
  ];
}

/** One line for the tray tooltip. */
export function trayTooltip(state: TrayState): string {
  return `Switchboard: ${proxyLine(state)}`;
}

export function isTrayAction(id: TrayItemId): id is TrayActionId {
  return id.startsWith('power:') || id === 'toggle-pause' || id === 'copy-url' || id === 'open' || id === 'quit';
}
