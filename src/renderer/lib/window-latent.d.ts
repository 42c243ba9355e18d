// What the Electron preload exposes (src/preload). Absent in a browser tab served by the web host.
import type { ElectronBridge } from '../../shared/contract';

declare global {
  interface Window {
    latent?: ElectronBridge;
  }
}

export {};
