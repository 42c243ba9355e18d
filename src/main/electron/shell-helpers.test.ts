// The shell's other pure parts: CSP, dialog arguments, menu, paths.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ContractError, MENU_ACTIONS, type MenuAction } from '../../shared/contract.js';
import { buildCsp, withCsp } from './csp.js';
import { parseOnnxRole, parseSaveArgs } from './host-args.js';
import { aboutDetail, buildMenuTemplate } from './menu-template.js';
import { appUrl, shellPaths } from './paths.js';
import type { MenuItemConstructorOptions } from 'electron';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}

describe('Content-Security-Policy', () => {
  it('allows only the app itself, wasm compilation, data/blob images and blob workers', () => {
    const d = directives(buildCsp());
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(d.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(d.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(d.get('connect-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(buildCsp()).not.toMatch(/'unsafe-eval'|\*/);
  });

  it('lets the dev page reach its dev server WebSocket, nothing more', () => {
    expect(directives(buildCsp('http://localhost:5173/')).get('connect-src')).toEqual([
      "'self'",
      'ws://localhost:5173',
    ]);
  });

  it('replaces a CSP header of any case and keeps the other headers', () => {
    const h = withCsp(
      { 'content-security-policy': ['default-src *'], 'Content-Type': 'text/html' },
      'default-src none',
    );
    expect(h).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': ['default-src none'] });
    expect(withCsp(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'] });
  });
});

describe('save dialog arguments', () => {
  it('accepts a bare file name and dotless extensions', () => {
    expect(parseSaveArgs('walk dim 3.gif', [{ name: 'GIF image', extensions: ['gif'] }])).toEqual({
      suggestedName: 'walk dim 3.gif',
      filters: [{ name: 'GIF image', extensions: ['gif'] }],
    });
    expect(parseSaveArgs('coords.csv', undefined).filters).toEqual([]);
  });

  it('refuses folders in the name, empty names and malformed filters', () => {
    const bad: [unknown, unknown][] = [
      ['../../.bashrc', []],
      ['/etc/passwd', []],
      ['a\\b.gif', []],
      ['', []],
      [42, []],
      ['x.gif', [{ name: 'GIF', extensions: ['.gif'] }]],
      ['x.gif', [{ name: 'GIF' }]],
      ['x.gif', 'gif'],
    ];
    for (const [name, filters] of bad) {
      expect(() => parseSaveArgs(name, filters), JSON.stringify([name, filters])).toThrow(ContractError);
    }
  });
});

describe('ONNX file dialog argument', () => {
  it('is the encoder or the decoder, nothing else', () => {
    expect(parseOnnxRole('encoder')).toBe('encoder');
    expect(parseOnnxRole('decoder')).toBe('decoder');
    for (const bad of ['/etc/passwd', undefined, 1, { role: 'encoder' }])
      expect(() => parseOnnxRole(bad)).toThrow(ContractError);
  });
});

describe('application menu', () => {
  function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
    return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
  }
  function build(isDev: boolean, isMac = false) {
    const sent: MenuAction[] = [];
    let abouts = 0;
    const items = flatten(
      buildMenuTemplate({ appName: 'Latent Explorer', isMac, isDev, send: (a) => sent.push(a), about: () => abouts++ }),
    );
    return { items, sent, abouts: () => abouts };
  }
  const click = (item: MenuItemConstructorOptions | undefined): void => (item!.click as unknown as () => void)();

  it('File items send their action to the UI; About opens the About box', () => {
    const m = build(false);
    for (const label of ['Open Folder…', 'Open Model…', 'Export GIF…']) click(m.items.find((i) => i.label === label));
    expect(m.sent).toEqual([...MENU_ACTIONS]);
    click(m.items.find((i) => i.label === 'About Latent Explorer'));
    expect(m.abouts()).toBe(1);
    expect(m.items.some((i) => i.role === 'quit')).toBe(true);
    expect(m.items.some((i) => i.role === 'zoomIn')).toBe(true);
  });

  it('offers reload and devtools only in development', () => {
    const devOnly = ['reload', 'forceReload', 'toggleDevTools'];
    expect(build(false).items.filter((i) => devOnly.includes(i.role ?? ''))).toEqual([]);
    expect(
      build(true)
        .items.filter((i) => devOnly.includes(i.role ?? ''))
        .map((i) => i.role),
    ).toEqual(devOnly);
  });

  it('on macOS adds the app menu with Quit, and File closes the window instead', () => {
    const m = build(false, true);
    expect(m.items[0]!.label).toBe('Latent Explorer');
    expect(m.items.filter((i) => i.role === 'quit')).toHaveLength(1);
    expect(m.items.some((i) => i.role === 'close')).toBe(true);
  });

  it('About names the version and the backend, with the reasons others were skipped', () => {
    const v = { electron: '45.4.1', chrome: '142', node: '22' };
    const text = aboutDetail(
      { version: '0.1.0', backend: { name: 'wasm', skipped: [{ name: 'tensorflow', reason: 'not installed' }] } },
      v,
    );
    expect(text).toContain('Version 0.1.0');
    expect(text).toContain('Backend: wasm (skipped: tensorflow — not installed)');
    expect(aboutDetail({ version: '0.1.0', backend: null }, v)).toContain('Backend: not chosen yet');
  });
});

describe('paths', () => {
  it('finds preload and renderer beside out/main; resources in the repo or the package', () => {
    const dev = shellPaths(false, '/ignored', '/repo/out/main');
    expect(dev).toEqual({
      preload: join('/repo/out/preload/index.cjs'),
      rendererHtml: join('/repo/out/renderer/index.html'),
      resourcesDir: join('/repo/resources'),
      icon: join('/repo/resources/icon.png'),
    });
    expect(shellPaths(true, '/opt/app/resources', '/opt/app/resources/app.asar/out/main').resourcesDir).toBe(
      '/opt/app/resources',
    );
  });

  it('honours ELECTRON_RENDERER_URL only when not packaged', () => {
    const html = '/repo/out/renderer/index.html';
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173' };
    expect(appUrl(false, html, env)).toBe('http://localhost:5173');
    expect(appUrl(true, html, env)).toBe(pathToFileURL(html).href);
    expect(appUrl(false, html, { ELECTRON_RENDERER_URL: 'javascript:alert(1)' })).toBe(pathToFileURL(html).href);
  });
});
