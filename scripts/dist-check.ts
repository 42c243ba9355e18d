// Can electron-builder get the Electron zip it packages the app into? It looks in the Electron
// caches and otherwise downloads it (from GitHub, or ELECTRON_MIRROR); without network that fails
// only after a long retry loop. These helpers answer the question up front.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type DistPlatform = 'linux' | 'win32' | 'darwin';

export interface DistTarget {
  platform: DistPlatform;
  arch: string;
}

/** electron-builder's platform flags → targets; default: this machine. */
export function parseDistArgs(argv: readonly string[], host: DistTarget): DistTarget[] {
  const platforms = new Set<DistPlatform>();
  const arches = new Set<string>();
  for (const a of argv) {
    if (a === '--linux' || a === '-l') platforms.add('linux');
    else if (a === '--win' || a === '--windows' || a === '-w') platforms.add('win32');
    else if (a === '--mac' || a === '--macos' || a === '-m') platforms.add('darwin');
    else if (['--x64', '--arm64', '--ia32', '--armv7l', '--universal'].includes(a)) arches.add(a.slice(2));
  }
  const ps = platforms.size ? [...platforms] : [host.platform];
  const as = arches.size ? [...arches] : [host.arch];
  return ps.flatMap((platform) => as.map((arch) => ({ platform, arch })));
}

export function electronZipName(version: string, t: DistTarget): string {
  return `electron-v${version}-${t.platform}-${t.arch}.zip`;
}

/** Where @electron/get and electron-builder keep downloads, as electron-builder 26 resolves them. */
export function electronCacheDirs(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string[] {
  const dirs: string[] = [];
  for (const key of ['electron_config_cache', 'ELECTRON_CACHE', 'ELECTRON_BUILDER_CACHE']) {
    const v = env[key]?.trim();
    if (v) dirs.push(v);
  }
  if (platform === 'darwin') {
    dirs.push(join(home, 'Library/Caches/electron'), join(home, 'Library/Caches/electron-builder'));
  } else if (platform === 'win32') {
    const local = env['LOCALAPPDATA'] || join(home, 'AppData/Local');
    dirs.push(join(local, 'electron/Cache'), join(local, 'electron-builder/Cache'));
  } else {
    const cache = env['XDG_CACHE_HOME'] || join(home, '.cache');
    dirs.push(join(cache, 'electron'), join(cache, 'electron-builder'));
  }
  return dirs;
}

/** A file named `zipName` in one of `dirs` or up to two levels below (@electron/get hashes a folder per URL). */
export function findCachedZip(zipName: string, dirs: readonly string[]): string | null {
  const visit = (dir: string, depth: number): string | null => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return null;
    }
    if (names.includes(zipName) && statSync(join(dir, zipName)).size > 0) return join(dir, zipName);
    if (depth === 0) return null;
    for (const n of names) {
      const p = join(dir, n);
      try {
        if (statSync(p).isDirectory()) {
          const hit = visit(p, depth - 1);
          if (hit) return hit;
        }
      } catch {
        // unreadable entry: not ours
      }
    }
    return null;
  };
  for (const d of dirs) {
    const hit = visit(d, 2);
    if (hit) return hit;
  }
  return null;
}

/**
 * node_modules/electron/dist is the unpacked Electron of this machine; electron-builder can use it
 * (electronDist) for a build for this same platform/arch and version.
 */
export function localElectronDist(root: string, version: string, t: DistTarget, host: DistTarget): string | null {
  if (t.platform !== host.platform || t.arch !== host.arch) return null;
  const dist = join(root, 'node_modules/electron/dist');
  const versionFile = join(dist, 'version');
  if (!existsSync(versionFile)) return null;
  return readFileSync(versionFile, 'utf8').trim().replace(/^v/, '') === version ? dist : null;
}

export function downloadUrl(version: string, t: DistTarget, env: NodeJS.ProcessEnv): string {
  const mirror = env['ELECTRON_MIRROR']?.trim() || 'https://github.com/electron/electron/releases/download/';
  return `${mirror.endsWith('/') ? mirror : `${mirror}/`}v${version}/${electronZipName(version, t)}`;
}

/** One HEAD request with a short timeout: null when the zip is downloadable, else why not. */
export async function whyNotDownloadable(url: string, timeoutMs = 8000): Promise<string | null> {
  try {
    const res = await fetch(url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
    return res.ok ? null : `HTTP ${res.status}`;
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? (err as Error).message;
  }
}
