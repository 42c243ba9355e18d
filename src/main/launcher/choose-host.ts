// `npm start`'s one decision: the desktop app where it can run, the browser host everywhere else,
// with the reason said in one line.
import type { ElectronBinary } from './electron-binary.js';

export type HostChoice = { kind: 'electron'; binary: string } | { kind: 'browser'; why: string };

/** Whether a window can be shown: Linux and the BSDs need an X11 or Wayland display. */
export function hasDisplay(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): boolean {
  if (platform === 'darwin' || platform === 'win32') return true;
  return !!(env['DISPLAY'] || env['WAYLAND_DISPLAY']);
}

export function chooseHost(electron: ElectronBinary, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): HostChoice {
  // The reason already starts "Electron binary not installed: …".
  if (!electron.found) return { kind: 'browser', why: electron.reason };
  if (!hasDisplay(platform, env))
    return { kind: 'browser', why: 'no display (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
  return { kind: 'electron', binary: electron.path };
}
