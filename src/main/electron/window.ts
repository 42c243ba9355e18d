// The one app window, with the security settings of DESIGN.md.
import { BrowserWindow } from 'electron';

export interface WindowOptions {
  preload: string;
  icon: string | undefined;
  isDev: boolean;
}

export function createMainWindow(o: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1320,
    height: 880,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Latent Explorer',
    backgroundColor: '#0b0d29',
    ...(o.icon ? { icon: o.icon } : {}),
    webPreferences: {
      preload: o.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: o.isDev,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.on('render-process-gone', (_event, details) => {
    console.error(`latent-explorer: renderer gone (${details.reason}, exit code ${details.exitCode})`);
  });
  return win;
}
