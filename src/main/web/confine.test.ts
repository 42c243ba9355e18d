// The browser host's confinement on real folders and symlinks: reads only under the roots (after
// resolving links), writes nowhere a client names. fs.list is answered by the confinement itself (the
// real listDirectory); behind it, a recorder of what reaches the service for the other calls.
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractError, type CallName, type LatentApi } from '../../shared/contract.js';
import { confineService, resolveRoots, type Roots } from './confine.js';

async function code(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ContractError);
  return (e as ContractError).code;
}

describe('browser host confinement', () => {
  let base: string;
  let root: string;
  let outside: string;
  let roots: Roots;
  const reached: { name: CallName; arg: unknown }[] = [];
  let api: LatentApi;

  beforeAll(async () => {
    base = realpathSync(mkdtempSync(join(tmpdir(), 'le-confine-')));
    root = join(base, 'root');
    outside = join(base, 'outside');
    mkdirSync(join(root, 'digits', 'a'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(outside, 'private.txt'), 'not for the browser');
    writeFileSync(join(root, 'digits', 'a', 'x.png'), 'png');
    symlinkSync(outside, join(root, 'escape')); // a link inside the root that leads out
    symlinkSync(join(root, 'digits'), join(base, 'link-to-digits')); // a link outside that leads in
    symlinkSync(join(root, 'digits'), join(root, 'shortcut')); // a link inside that stays inside
    roots = await resolveRoots([root]);
    const service: LatentApi = {
      async call(name, arg) {
        reached.push({ name, arg });
        return { fileName: 'x', mime: 'x', byteLength: 0, path: null, bytes: new Uint8Array() } as never;
      },
      on: () => () => {},
    };
    api = confineService(service, roots);
  });

  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('lists inside a root, starts at the first root, and offers no way up or out', async () => {
    const start = await api.call('fs.list', {});
    expect(start.path).toBe(root);
    expect(start.parent).toBeNull();
    // The link that leads out of the root is not offered.
    expect(start.entries.map((e) => e.name)).toEqual(['digits', 'shortcut']);
    const sub = await api.call('fs.list', { path: join(root, 'digits') });
    expect(sub.parent).toBe(root);
    expect(sub.entries.map((e) => e.name)).toEqual(['a']);
  });

  it('refuses to list outside the roots, through .., or through a symlink that leads out', async () => {
    for (const path of ['/etc', outside, join(root, '..'), join(root, 'escape'), join(root, 'digits/../../outside')]) {
      const e = (await api.call('fs.list', { path }).catch((err: unknown) => err)) as ContractError;
      expect(e, path).toBeInstanceOf(ContractError);
      expect(e.code, path).toBe('UNAUTHORIZED');
      expect(e.message).toContain(`outside the folders this host may read (${root})`);
      expect(e.message).toContain('--root');
    }
    // A missing path outside: the same refusal, so the answer tells nothing about what exists there.
    expect(await code(api.call('fs.list', { path: join(outside, 'nope') }))).toBe('UNAUTHORIZED');
    // A missing path inside: NOT_FOUND, as before.
    expect(await code(api.call('fs.list', { path: join(root, 'nope') }))).toBe('NOT_FOUND');
  });

  it('opens datasets and models only under the roots, handing the service the resolved path', async () => {
    reached.length = 0;
    expect(
      await code(api.call('dataset.open', { source: { kind: 'folder', path: join(root, 'escape') }, jobId: 'j' })),
    ).toBe('UNAUTHORIZED');
    expect(await code(api.call('dataset.open', { source: { kind: 'idx', path: '/usr/share' }, jobId: 'j' }))).toBe(
      'UNAUTHORIZED',
    );
    expect(await code(api.call('model.open', { path: outside }))).toBe('UNAUTHORIZED');
    // A path outside the roots is refused before the file system is asked, even one that links back in.
    expect(
      await code(
        api.call('dataset.open', { source: { kind: 'folder', path: join(base, 'link-to-digits') }, jobId: 'j' }),
      ),
    ).toBe('UNAUTHORIZED');
    expect(reached).toEqual([]);

    // Given through a link inside the root: allowed, and the resolved path is what travels on.
    await api.call('dataset.open', { source: { kind: 'folder', path: join(root, 'shortcut') }, jobId: 'j' });
    await api.call('model.open', { path: join(root, 'digits', 'a') });
    await api.call('dataset.open', { source: { kind: 'builtin', name: 'mnist' }, jobId: 'k' });
    await api.call('model.open', { id: 'm1' });
    expect(reached).toEqual([
      { name: 'dataset.open', arg: { source: { kind: 'folder', path: join(root, 'digits') }, jobId: 'j' } },
      { name: 'model.open', arg: { path: join(root, 'digits', 'a') } },
      { name: 'dataset.open', arg: { source: { kind: 'builtin', name: 'mnist' }, jobId: 'k' } },
      { name: 'model.open', arg: { id: 'm1' } },
    ]);
  });

  it('never passes a write path on: exports with a path are refused, without one they are downloads', async () => {
    reached.length = 0;
    const target = join(root, 'digits', 'a', 'x.png');
    const calls = [
      api.call('export.coords', { format: 'csv', path: target }),
      api.call('export.png', { grid: { kind: 'samples' }, path: join(root, 'new.png') }),
      api.call('export.gif', {
        source: { kind: 'interpolation', from: 0, to: 1, mode: 'linear' },
        options: { frames: 2, fps: 1, size: 8, pingpong: false },
        path: join(root, 'new.gif'),
      }),
    ];
    for (const c of calls) {
      const e = (await c.catch((err: unknown) => err)) as ContractError;
      expect(e.code).toBe('UNAUTHORIZED');
      expect(e.message).toMatch(/writes no files.*download/);
    }
    expect(reached).toEqual([]);
    expect(existsSync(join(root, 'new.png'))).toBe(false);
    await api.call('export.coords', { format: 'csv' });
    expect(reached).toEqual([{ name: 'export.coords', arg: { format: 'csv' } }]);
  });

  it('reads an ONNX pair only under the roots and writes an ONNX export nowhere', async () => {
    reached.length = 0;
    writeFileSync(join(outside, 'enc.onnx'), 'onnx');
    const inside = join(root, 'digits', 'a', 'x.png');
    const outsideFile = join(outside, 'enc.onnx');
    expect(await code(api.call('model.inspectOnnx', { encoder: outsideFile, decoder: inside }))).toBe('UNAUTHORIZED');
    expect(await code(api.call('model.importOnnx', { encoder: inside, decoder: outsideFile, name: 'x' }))).toBe(
      'UNAUTHORIZED',
    );
    // Through the link that leads out: refused after resolving it.
    expect(
      await code(api.call('model.inspectOnnx', { encoder: inside, decoder: join(root, 'escape', 'enc.onnx') })),
    ).toBe('UNAUTHORIZED');
    const e = (await api.call('model.exportOnnx', { dir: join(root, 'out') }).catch((err: unknown) => err)) as Error;
    expect((e as ContractError).code).toBe('UNAUTHORIZED');
    expect(e.message).toMatch(/writes no files.*downloads/);
    expect(reached).toEqual([]);
    const viaLink = join(root, 'shortcut', 'a', 'x.png');
    await api.call('model.importOnnx', { encoder: viaLink, decoder: inside, name: 'x' });
    await api.call('model.exportOnnx', {});
    expect(reached).toEqual([
      { name: 'model.importOnnx', arg: { encoder: inside, decoder: inside, name: 'x' } },
      { name: 'model.exportOnnx', arg: {} },
    ]);
  });

  it('refuses a root that does not exist at start', async () => {
    expect(await code(resolveRoots([join(base, 'missing')]))).toBe('NOT_FOUND');
  });
});
