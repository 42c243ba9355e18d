// Electron main process: lifecycle, the one window, the service bound over IPC, menu, and a clean
// shutdown (the service, and with it the engine process, is closed before the process exits).
// The engine runs in a utilityProcess (utility-engine.ts): when it dies, the window stays.
import { app, BrowserWindow, dialog, Menu, session } from 'electron';
import { createLatentService } from '../service/index.js';
import { resolveEngineEntry } from '../service/engine-entry.js';
import { validateCallArg } from '../../shared/validate.js';
import type { AppInfo, MenuAction } from '../../shared/contract.js';
import { CHANNELS } from './channels.js';
import { bindIpc } from './ipc-binding.js';
import { aboutDetail, buildMenuTemplate } from './menu-template.js';
import { appUrl as resolveAppUrl, shellPaths } from './paths.js';
import { lockDownWebContents, secureSession } from './security.js';
import { createMainWindow } from './window.js';
import { utilityEngine } from './utility-engine.js';

/** Test hooks (engine debug requests, the page's read-only probe) for e2e runs of the unpackaged app only. */
const TEST_HOOKS_ENV = 'LATENT_EXPLORER_TEST_HOOKS';

/** How long quitting waits for the service (engine) to stop before exiting anyway. */
const CLOSE_TIMEOUT_MS = 10_000;

type Service = Awaited<ReturnType<typeof createLatentService>>;

let win: BrowserWindow | null = null;

function focusWindow(): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

async function closeService(service: Service): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), CLOSE_TIMEOUT_MS);
  });
  try {
    const r = await Promise.race([service.close().then(() => 'closed' as const), timeout]);
    if (r === 'timeout')
      console.error(`latent-explorer: the service did not stop within ${CLOSE_TIMEOUT_MS / 1000} s; exiting anyway`);
  } catch (err) {
    console.error('latent-explorer: closing the service failed:', err);
  } finally {
    clearTimeout(timer);
  }
}

async function start(): Promise<void> {
  const isDev = !app.isPackaged;
  const paths = shellPaths(app.isPackaged, process.resourcesPath);
  const url = resolveAppUrl(app.isPackaged, paths.rendererHtml, process.env);
  const devServer = url.startsWith('http') ? url : null;

  lockDownWebContents();
  await app.whenReady();
  secureSession(session.defaultSession, devServer);

  const service = await createLatentService({
    dataDir: app.getPath('userData'),
    resourcesDir: paths.resourcesDir,
    host: 'electron',
    spawnEngine: utilityEngine(resolveEngineEntry()),
    // A packaged app never turns them on, whatever its environment says.
    testHooks: !app.isPackaged && process.env[TEST_HOOKS_ENV] === '1',
  });

  const unbind = bindIpc({ service, validate: validateCallArg, getWindow: () => win, appUrl: url });

  // Quit in two steps: the first before-quit is held until the service has closed, then quit again.
  let quit: 'running' | 'closing' | 'closed' = 'running';
  app.on('before-quit', (event) => {
    if (quit === 'closed') return;
    event.preventDefault();
    if (quit === 'closing') return;
    quit = 'closing';
    unbind();
    void closeService(service).finally(() => {
      quit = 'closed';
      app.quit();
    });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());

  const send = (action: MenuAction): void => {
    if (win && !win.isDestroyed()) win.webContents.send(CHANNELS.menu, action);
  };
  const about = (): void => {
    void service
      .call('app.info', undefined)
      .then(
        (info): Pick<AppInfo, 'version' | 'backend'> => info,
        () => ({ version: app.getVersion(), backend: null }),
      )
      .then((info) =>
        dialog.showMessageBox({
          type: 'info',
          title: `About ${app.name}`,
          message: 'Latent Explorer',
          detail: aboutDetail(info, {
            electron: process.versions.electron,
            chrome: process.versions.chrome,
            node: process.versions.node,
          }),
          buttons: ['OK'],
        }),
      );
  };
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({ appName: 'Latent Explorer', isMac: process.platform === 'darwin', isDev, send, about }),
    ),
  );

  const open = (): void => {
    win = createMainWindow({ preload: paths.preload, icon: paths.icon, isDev });
    win.on('closed', () => {
      win = null;
    });
    void (devServer ? win.loadURL(devServer) : win.loadFile(paths.rendererHtml)).catch((err: unknown) => {
      console.error('latent-explorer: the window could not load its page:', err);
    });
  };
  open();

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
}

app.enableSandbox();
if (!app.requestSingleInstanceLock()) {
  // Another instance owns the window; it gets focused through its 'second-instance' event.
  app.quit();
} else {
  app.on('second-instance', focusWindow);
  start().catch((err: unknown) => {
    console.error('latent-explorer: failed to start:', err);
    dialog.showErrorBox('Latent Explorer could not start', err instanceof Error ? err.message : String(err));
    app.exit(1);
  });
}
