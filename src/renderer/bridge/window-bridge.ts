// The desktop preload exposes the admin service over IPC as `window.switchboard`.
import type { Bridge } from '../../shared/contract';

declare global {
  interface Window {
    switchboard?: Bridge;
  }
}

export function desktopBridge(): Bridge | null {
  return typeof window !== 'undefined' && window.switchboard ? window.switchboard : null;
}
