// Opens a URL in the default browser when there is one; says nothing and does nothing otherwise
// (a server has none: the printed URL is enough).
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { hasDisplay } from './choose-host.js';

function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  return (env['PATH'] ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The command that opens `url`, or null where no browser can be opened. */
export function browserCommand(url: string, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] | null {
  if (platform === 'darwin') return ['open', url];
  if (platform === 'win32') return ['cmd', '/c', 'start', '""', url];
  if (!hasDisplay(platform, env) || !onPath('xdg-open', env)) return null;
  return ['xdg-open', url];
}

export function openBrowser(url: string): void {
  const cmd = browserCommand(url, process.platform, process.env);
  if (!cmd) return;
  const child = spawn(cmd[0]!, cmd.slice(1), { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}
