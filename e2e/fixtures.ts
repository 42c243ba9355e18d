// The one fixture every spec uses: `app`, a running Latent Explorer with its Page, whichever transport
// the project picked. Specs never see whether they talk to the browser host or to Electron; the
// differences (folder picking, saving an export, restarting) live in the AppDriver methods below.
import { mkdtemp, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, _electron, type ElectronApplication, type Page, type TestInfo } from '@playwright/test';
import { UI } from '../src/renderer/ui-names';
import { findElectronBinary } from './support/electron-binary';
import { REPO_ROOT, startWebHost, type WebHost } from './support/web-host';

export type Transport = 'web' | 'electron';

export interface AppDriver {
  kind: Transport;
  page: Page;
  /** A folder for the test's own input files, inside the area the host lets the UI browse. */
  inputsDir: string;
  /** The app's data folder (models/, checkpoints/), for specs that prepare or inspect it. */
  dataDir: string;
  /** Uncaught errors of the page so far ("nothing crashes" means this stays empty). */
  pageErrors: string[];
  /** Ends the app/host process and starts a new one on the same data directory. */
  restart(): Promise<Page>;
  /** Loads an image folder as a user would: the path field (browser) or the folder dialog (Electron). */
  openFolder(path: string): Promise<void>;
  /** Runs `trigger` (a click on an export button) and returns the bytes of the file the user gets. */
  download(trigger: () => Promise<unknown>): Promise<Buffer>;
  /** The OS pid of the running engine process (the latest one started). */
  enginePid(): Promise<number>;
}

interface HostSlot {
  file: string;
  root: string;
  host: WebHost;
}

/** One browser host per spec file, kept for the file's tests (worker-scoped, so not per test). */
class WebHostPool {
  private slot: HostSlot | null = null;

  async forFile(file: string): Promise<HostSlot> {
    if (this.slot?.file === file) return this.slot;
    await this.dispose();
    const root = await mkdtemp(join(tmpdir(), 'latent-e2e-'));
    const dataDir = join(root, 'data');
    await mkdir(dataDir, { recursive: true });
    this.slot = { file, root, host: await startWebHost(dataDir) };
    return this.slot;
  }

  async restart(): Promise<HostSlot> {
    const slot = this.slot!;
    await slot.host.stop();
    slot.host = await startWebHost(slot.host.dataDir);
    return slot;
  }

  async dispose(): Promise<void> {
    if (!this.slot) return;
    await this.slot.host.stop();
    await rm(this.slot.root, { recursive: true, force: true });
    this.slot = null;
  }
}

export const test = base.extend<
  { electronGate: void; app: AppDriver },
  { transport: Transport; webHosts: WebHostPool }
>({
  transport: ['web', { scope: 'worker', option: true }],

  // Auto and first: skips an electron test before anything (a browser, a host) is started for it.
  electronGate: [
    async ({ transport }, use, testInfo) => {
      if (transport === 'electron') {
        const binary = findElectronBinary();
        // Never silently green: every electron test carries this reason as its skip annotation.
        testInfo.skip(!binary.found, binary.found ? '' : binary.reason);
      }
      await use();
    },
    { auto: true },
  ],

  webHosts: [
    // Playwright requires the object pattern even when a fixture depends on nothing.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const pool = new WebHostPool();
      await use(pool);
      await pool.dispose();
    },
    { scope: 'worker' },
  ],

  app: async ({ transport, webHosts, page }, use, testInfo) => {
    if (transport === 'web') await useWeb(webHosts, page, use, testInfo);
    else await useElectron(use, testInfo);
  },
});

export { expect };

async function waitForUi(page: Page): Promise<void> {
  await expect(page.getByRole('tab', { name: UI.tabs.data })).toBeVisible({ timeout: 30_000 });
  // The page's read-only probe is there only because the host runs with test hooks on.
  await page.waitForFunction(() => '__latentExplorer' in window, undefined, { timeout: 60_000 });
}

function recordErrors(page: Page, into: string[]): void {
  page.on('pageerror', (err) => into.push(err.message));
}

async function useWeb(
  pool: WebHostPool,
  page: Page,
  use: (d: AppDriver) => Promise<void>,
  testInfo: TestInfo,
): Promise<void> {
  const slot = await pool.forFile(testInfo.file);
  const inputsDir = join(slot.host.dataDir, 'e2e-inputs', String(testInfo.testId));
  await mkdir(inputsDir, { recursive: true });
  const pageErrors: string[] = [];
  recordErrors(page, pageErrors);
  await page.goto(slot.host.url);
  await waitForUi(page);

  const driver: AppDriver = {
    kind: 'web',
    page,
    inputsDir,
    dataDir: slot.host.dataDir,
    pageErrors,
    async restart() {
      await pool.restart();
      await page.goto(slot.host.url);
      await waitForUi(page);
      return page;
    },
    async openFolder(path) {
      await page.getByRole('tab', { name: UI.tabs.data }).click();
      const field = page.getByRole('textbox', { name: UI.data.folderPath });
      // In the browser "Open folder…" reveals the path field (it toggles: click only when hidden).
      if (!(await field.isVisible())) await page.getByRole('button', { name: UI.data.openFolder }).click();
      // The field first fills itself from the host's listing; typing before that would be overwritten.
      await expect(page.getByRole('list', { name: UI.data.folderListing }).getByRole('listitem').first()).toBeVisible();
      await expect(field).not.toHaveValue('');
      await field.fill(path);
      await expect(field).toHaveValue(path);
      await page.getByRole('button', { name: UI.data.loadFolder, exact: true }).click();
    },
    async download(trigger) {
      const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), trigger()]);
      const failure = await dl.failure();
      if (failure) throw new Error(`The download failed: ${failure}`);
      return readFile((await dl.path())!);
    },
    async enginePid() {
      await expect.poll(() => slot.host.enginePids().length, { timeout: 60_000 }).toBeGreaterThan(0);
      return slot.host.enginePids().at(-1)!;
    },
  };
  try {
    await use(driver);
  } finally {
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('browser-host.log', { body: slot.host.log(), contentType: 'text/plain' });
    }
  }
}

async function useElectron(use: (d: AppDriver) => Promise<void>, testInfo: TestInfo): Promise<void> {
  const binary = findElectronBinary();
  if (!binary.found) throw new Error(binary.reason); // electronGate skipped already

  const root = await mkdtemp(join(tmpdir(), 'latent-e2e-electron-'));
  const userData = join(root, 'user-data');
  const inputsDir = join(root, 'inputs');
  await mkdir(inputsDir, { recursive: true });
  const pageErrors: string[] = [];
  let downloads = 0;

  const launch = async (): Promise<{ electronApp: ElectronApplication; page: Page }> => {
    const args = [join(REPO_ROOT, 'out/main/index.js'), `--user-data-dir=${userData}`];
    // Chromium's sandbox refuses to start as root (CI containers).
    if (process.getuid?.() === 0) args.push('--no-sandbox');
    const electronApp = await _electron.launch({
      executablePath: binary.path,
      args,
      // Test hooks: honoured by the unpackaged app only (src/main/electron/main.ts).
      env: {
        ...(process.env as Record<string, string>),
        LATENT_EXPLORER_USER_DATA: userData,
        LATENT_EXPLORER_TEST_HOOKS: '1',
      },
    });
    // Playwright's trace/screenshot options cover its own browser only: record the window ourselves.
    await electronApp.context().tracing.start({ screenshots: true, snapshots: true });
    const page = await electronApp.firstWindow();
    recordErrors(page, pageErrors);
    await waitForUi(page);
    return { electronApp, page };
  };

  let current = await launch();
  const driver: AppDriver = {
    kind: 'electron',
    page: current.page,
    inputsDir,
    dataDir: userData,
    pageErrors,
    async restart() {
      await current.electronApp.close();
      current = await launch();
      driver.page = current.page;
      return current.page;
    },
    async openFolder(path) {
      // Native dialogs cannot be clicked: answer the one the button opens with `path`.
      await current.electronApp.evaluate(({ dialog }, chosen) => {
        const answer = { canceled: false, filePaths: [chosen] };
        dialog.showOpenDialog = (async () => answer) as typeof dialog.showOpenDialog;
        dialog.showOpenDialogSync = (() => [chosen]) as typeof dialog.showOpenDialogSync;
      }, path);
      await current.page.getByRole('tab', { name: UI.tabs.data }).click();
      await current.page.getByRole('button', { name: UI.data.openFolder }).click();
    },
    async download(trigger) {
      const target = join(root, `export-${++downloads}`);
      await current.electronApp.evaluate(({ dialog }, chosen) => {
        dialog.showSaveDialog = (async () => ({ canceled: false, filePath: chosen })) as typeof dialog.showSaveDialog;
        dialog.showSaveDialogSync = (() => chosen) as typeof dialog.showSaveDialogSync;
      }, target);
      await trigger();
      await expect
        .poll(async () => (await stat(target).catch(() => null))?.size ?? 0, { timeout: 60_000 })
        .toBeGreaterThan(0);
      return readFile(target);
    },
    async enginePid() {
      // Electron lists its utility processes by service name (utility-engine.ts).
      const find = () =>
        current.electronApp.evaluate(
          ({ app }) =>
            app.getAppMetrics().find((m) => m.type === 'Utility' && m.serviceName === 'Latent Explorer engine')?.pid ??
            0,
        );
      await expect.poll(find, { timeout: 60_000 }).toBeGreaterThan(0);
      return find();
    },
  };
  try {
    await use(driver);
  } finally {
    if (testInfo.status !== testInfo.expectedStatus) {
      const shot = testInfo.outputPath('electron-window.png');
      await current.page.screenshot({ path: shot }).then(
        () => testInfo.attachments.push({ name: 'screenshot', path: shot, contentType: 'image/png' }),
        () => undefined,
      );
      const trace = testInfo.outputPath('electron-trace.zip');
      await current.electronApp
        .context()
        .tracing.stop({ path: trace })
        .then(() => testInfo.attachments.push({ name: 'trace', path: trace, contentType: 'application/zip' }))
        .catch(() => undefined);
    }
    await current.electronApp.close().catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  }
}
