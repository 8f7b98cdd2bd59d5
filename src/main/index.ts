// Electron main-process entry (out/main/index.js). The wiring lives in lifecycle.ts.
import { startDesktop } from './lifecycle';

startDesktop();
