// Sandboxed preload (bundled to CommonJS: a sandboxed preload cannot be an ES module). Exposes
// window.latent = the contract and nothing else; ipcRenderer itself never reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from './bridge.js';

const bridge = buildBridge({
  invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  // The IpcRendererEvent (which carries `sender`, i.e. ipcRenderer) is dropped here.
  on: (channel, listener) => {
    ipcRenderer.on(channel, (_event, ...args: unknown[]) => listener(...args));
  },
});

contextBridge.exposeInMainWorld('latent', bridge);
