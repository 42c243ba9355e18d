// The application menu as data (pure: tested without Electron). File actions are carried out by
// the UI, which owns those flows (dialogs, progress, errors): the menu only sends it the action.
import type { MenuItemConstructorOptions } from 'electron';
import type { AppInfo, MenuAction } from '../../shared/contract.js';

export interface MenuDeps {
  appName: string;
  isMac: boolean;
  /** Development run (not packaged): reload and devtools are offered only then. */
  isDev: boolean;
  send(action: MenuAction): void;
  about(): void;
}

export function buildMenuTemplate(d: MenuDeps): MenuItemConstructorOptions[] {
  const action = (label: string, accelerator: string, a: MenuAction): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => d.send(a),
  });
  const template: MenuItemConstructorOptions[] = [];
  if (d.isMac) {
    template.push({
      label: d.appName,
      submenu: [
        { label: `About ${d.appName}`, click: () => d.about() },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push({
    label: 'File',
    submenu: [
      action('Open Folder…', 'CmdOrCtrl+O', 'open-folder'),
      action('Open Model…', 'CmdOrCtrl+Shift+O', 'open-model'),
      { type: 'separator' },
      action('Export GIF…', 'CmdOrCtrl+E', 'export-gif'),
      { type: 'separator' },
      // macOS quits from the app menu; File ends with Close Window there, as is the convention.
      d.isMac ? { role: 'close' } : { role: 'quit' },
    ],
  });
  // Text fields need the edit roles for copy/paste shortcuts on macOS.
  template.push({ role: 'editMenu' });
  template.push({
    label: 'View',
    submenu: [
      ...(d.isDev
        ? ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as const)
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  template.push({
    role: 'help',
    submenu: [{ label: `About ${d.appName}`, click: () => d.about() }],
  });
  return template;
}

/** The About box's detail text: version and the compute backend in use. */
export function aboutDetail(
  info: Pick<AppInfo, 'version' | 'backend'>,
  versions: { electron: string; chrome: string; node: string },
): string {
  const backend = info.backend
    ? `${info.backend.name}${info.backend.skipped.length ? ` (skipped: ${info.backend.skipped.map((s) => `${s.name} — ${s.reason}`).join('; ')})` : ''}`
    : 'not chosen yet (it is picked when a model is first trained or opened)';
  return [
    `Version ${info.version}`,
    `Backend: ${backend}`,
    `Electron ${versions.electron} · Chromium ${versions.chrome} · Node ${versions.node}`,
  ].join('\n');
}
