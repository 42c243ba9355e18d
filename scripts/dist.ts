// `npm run dist [-- --linux|--win|--mac] [--x64|--arm64]`: builds the app and packages installers
// with electron-builder (config: electron-builder.json, output: dist/).
// First it checks that the Electron zip can be had (an unpacked Electron in node_modules/electron/dist,
// a cached zip, or a download that answers), and otherwise stops at once with one line saying why,
// instead of electron-builder's long retry loop against an unreachable GitHub.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  downloadUrl,
  electronCacheDirs,
  electronZipName,
  findCachedZip,
  localElectronDist,
  parseDistArgs,
  whyNotDownloadable,
  type DistTarget,
} from './dist-check.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string): string =>
  join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.error) {
    process.stderr.write(`dist: could not run ${cmd}: ${r.error.message}\n`);
    process.exit(1);
  }
  if (r.status !== 0) process.exit(r.status ?? 1);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const version = (
    JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }
  ).version;
  // Electron names 32-bit ARM armv7l where Node says arm.
  const host: DistTarget = {
    platform: process.platform as DistTarget['platform'],
    arch: process.arch === 'arm' ? 'armv7l' : process.arch,
  };
  const targets = parseDistArgs(args, host);
  const cacheDirs = electronCacheDirs(process.env, process.platform, homedir());
  const extra: string[] = [];

  for (const t of targets) {
    const local = localElectronDist(root, version, t, host);
    if (local) {
      extra.push(`-c.electronDist=${local}`);
      continue;
    }
    if (findCachedZip(electronZipName(version, t), cacheDirs)) continue;
    const url = downloadUrl(version, t, process.env);
    const why = await whyNotDownloadable(url);
    if (why !== null) {
      process.stderr.write(
        `dist: cannot package: electron-builder needs ${electronZipName(version, t)}, which is not in node_modules/electron/dist or the Electron caches and cannot be downloaded (${new URL(url).host}: ${why}) — electron-builder fetches it from GitHub, so run \`npm run dist\` on a machine with internet access or put the zip in ${cacheDirs.at(-2)}.\n`,
      );
      process.exit(1);
    }
  }

  run(bin('electron-vite'), ['build']);
  run(bin('electron-builder'), ['--publish', 'never', ...extra, ...args]);
}

await main();
