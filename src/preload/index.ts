// Sandboxed preload: exposes `window.switchboard`, the admin bridge, and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from './bridge';

const bridge = buildBridge((channel, input) => ipcRenderer.invoke(channel, input));
contextBridge.exposeInMainWorld('switchboard', bridge);
