// Where the shell finds its files. The bundle lives in out/main; preload and renderer are its
// siblings in out/ (inside app.asar when packaged). The built-in dataset is an extraResource, i.e.
// outside the asar under process.resourcesPath, and under <repo>/resources in development.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface ShellPaths {
  preload: string;
  rendererHtml: string;
  resourcesDir: string;
  /** Window icon in development; packaged builds get theirs from the installer. */
  icon: string | undefined;
}

export function shellPaths(
  isPackaged: boolean,
  resourcesPath: string,
  mainDir = dirname(fileURLToPath(import.meta.url)),
): ShellPaths {
  const out = join(mainDir, '..');
  const repo = join(out, '..');
  return {
    preload: join(out, 'preload', 'index.cjs'),
    rendererHtml: join(out, 'renderer', 'index.html'),
    resourcesDir: isPackaged ? resourcesPath : join(repo, 'resources'),
    icon: isPackaged ? undefined : join(repo, 'resources', 'icon.png'),
  };
}

/**
 * The page the window loads. ELECTRON_RENDERER_URL (electron-vite dev server) is honoured only in
 * an unpackaged run: in a packaged app an environment variable must not redirect the window (and
 * with it the IPC trust check) to another origin.
 */
export function appUrl(isPackaged: boolean, rendererHtml: string, env: NodeJS.ProcessEnv): string {
  const dev = env['ELECTRON_RENDERER_URL'];
  if (!isPackaged && dev && /^https?:\/\//.test(dev)) return dev;
  return pathToFileURL(rendererHtml).href;
}
