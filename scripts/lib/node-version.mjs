// Which Node each command needs. Electron 41 and its tooling (@electron/get 5, @electron/rebuild 4)
// declare Node >= 22.12; the headless server and the tests run on Node >= 20.19.
export const DESKTOP_NODE = '22.12.0';
export const SERVE_NODE = '20.19.0';

/** -1, 0 or 1 as `a` is older than, the same as, or newer than `b` (`major.minor.patch`). */
export function compareVersions(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

const short = (v) => v.replace(/\.0$/, '');

/** null when `version` can run `what`; otherwise the lines to print. */
export function nodeVersionProblem(what, version = process.versions.node) {
  const needed = what === 'desktop' ? DESKTOP_NODE : SERVE_NODE;
  if (compareVersions(version, needed) >= 0) return null;
  if (what === 'desktop') {
    return [
      `switchboard: the desktop app (npm start) needs Node.js ${short(DESKTOP_NODE)} or newer; this is Node ${version}.`,
      '  Electron and its build tools require it. Install a newer Node (https://nodejs.org, or `nvm install 22`),',
      `  or use the headless mode, which runs on Node ${short(SERVE_NODE)}+: npm run serve`,
    ];
  }
  return [
    `switchboard: npm run serve needs Node.js ${short(SERVE_NODE)} or newer; this is Node ${version}.`,
    '  Install a newer Node (https://nodejs.org, or `nvm install 22`).',
  ];
}
