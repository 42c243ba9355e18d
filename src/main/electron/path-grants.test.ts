// The desktop app's rule for path arguments, run as the IPC handler runs it: dispatchCall with the real
// validator composed with the grants. Behind it, a recorder of what reaches the service.
import { describe, expect, it } from 'vitest';
import { toContractError, type CallName, type LatentApi } from '../../shared/contract.js';
import { validateCallArg } from '../../shared/validate.js';
import { dispatchCall } from './ipc-guard.js';
import { PathGrants, withGrants } from './path-grants.js';

function harness(): {
  grants: PathGrants;
  reached: { name: CallName; arg: unknown }[];
  call(name: string, arg: unknown): Promise<string>;
} {
  const grants = new PathGrants();
  const reached: { name: CallName; arg: unknown }[] = [];
  const service: Pick<LatentApi, 'call'> = {
    call: async (name, arg) => {
      reached.push({ name, arg });
      return undefined as never;
    },
  };
  const validate = withGrants(validateCallArg, grants);
  return {
    grants,
    reached,
    // 'ok', or the code the renderer would see (the error crosses IPC as "[CODE] message").
    call: (name, arg) =>
      dispatchCall(service, validate, name, arg).then(
        () => 'ok',
        (e: unknown) => toContractError(e).code,
      ),
  };
}

const gif = (path?: string): unknown => ({
  source: { kind: 'interpolation', from: 0, to: 1, mode: 'linear' },
  options: { frames: 2, fps: 1, size: 8, pingpong: false },
  ...(path ? { path } : {}),
});

describe('dialog-granted paths (Electron IPC)', () => {
  it('opens a folder or model only when the user chose it in the matching dialog', async () => {
    const h = harness();
    const folder = { source: { kind: 'folder', path: '/home/u/faces' }, jobId: 'j' };
    expect(await h.call('dataset.open', folder)).toBe('UNAUTHORIZED');
    expect(await h.call('dataset.open', { source: { kind: 'idx', path: '/etc' }, jobId: 'j' })).toBe('UNAUTHORIZED');
    expect(await h.call('model.open', { path: '/home/u/faces' })).toBe('UNAUTHORIZED');
    expect(h.reached).toEqual([]);

    h.grants.grant('folder', '/home/u/faces');
    expect(await h.call('dataset.open', folder)).toBe('ok');
    // A folder dialog answer is for data; a model needs the model dialog.
    expect(await h.call('model.open', { path: '/home/u/faces' })).toBe('UNAUTHORIZED');
    h.grants.grant('model', '/home/u/models/m1');
    expect(await h.call('model.open', { path: '/home/u/models/m1' })).toBe('ok');
    // A granted folder is not a grant for what is above or beside it.
    expect(await h.call('dataset.open', { source: { kind: 'folder', path: '/home/u' }, jobId: 'j' })).toBe(
      'UNAUTHORIZED',
    );
    // Reopening the chosen folder works again; paths that are not arguments need no grant.
    expect(await h.call('dataset.open', folder)).toBe('ok');
    expect(await h.call('dataset.open', { source: { kind: 'builtin', name: 'mnist' }, jobId: 'k' })).toBe('ok');
    expect(await h.call('model.open', { id: 'm1' })).toBe('ok');
    expect(h.reached.map((r) => r.name)).toEqual([
      'dataset.open',
      'model.open',
      'dataset.open',
      'dataset.open',
      'model.open',
    ]);
  });

  it('writes only to a path answered in a save dialog, once per answer', async () => {
    const h = harness();
    expect(await h.call('export.gif', gif('/home/u/.bashrc'))).toBe('UNAUTHORIZED');
    expect(await h.call('export.coords', { format: 'csv', path: '/home/u/data.csv' })).toBe('UNAUTHORIZED');
    h.grants.grant('save', '/home/u/morph.gif');
    // An open-dialog answer is not a save answer.
    h.grants.grant('folder', '/home/u/data.csv');
    expect(await h.call('export.coords', { format: 'csv', path: '/home/u/data.csv' })).toBe('UNAUTHORIZED');
    expect(await h.call('export.gif', gif('/home/u/morph.gif'))).toBe('ok');
    expect(await h.call('export.gif', gif('/home/u/morph.gif'))).toBe('UNAUTHORIZED');
    // Without a path the export comes back as bytes: nothing is written, nothing to grant.
    expect(await h.call('export.png', { grid: { kind: 'samples' } })).toBe('ok');
    expect(h.reached.map((r) => r.name)).toEqual(['export.gif', 'export.png']);
  });

  it('reads ONNX files only from the file dialog and writes an export only into a chosen folder, once', async () => {
    const h = harness();
    const pair = { encoder: '/home/u/enc.onnx', decoder: '/home/u/dec.onnx' };
    expect(await h.call('model.inspectOnnx', pair)).toBe('UNAUTHORIZED');
    h.grants.grant('onnx', pair.encoder);
    // One of the two chosen is not enough; a model-folder answer is not a file answer.
    expect(await h.call('model.importOnnx', { ...pair, name: 'theirs' })).toBe('UNAUTHORIZED');
    h.grants.grant('model', pair.decoder);
    expect(await h.call('model.importOnnx', { ...pair, name: 'theirs' })).toBe('UNAUTHORIZED');
    h.grants.grant('onnx', pair.decoder);
    // Checked and then imported: reading grants are not used up.
    expect(await h.call('model.inspectOnnx', pair)).toBe('ok');
    expect(await h.call('model.importOnnx', { ...pair, name: 'theirs' })).toBe('ok');

    expect(await h.call('model.exportOnnx', { dir: '/home/u' })).toBe('UNAUTHORIZED');
    h.grants.grant('save', '/home/u/out');
    expect(await h.call('model.exportOnnx', { dir: '/home/u/out' })).toBe('UNAUTHORIZED');
    h.grants.grant('exportDir', '/home/u/out');
    expect(await h.call('model.exportOnnx', { dir: '/home/u/out' })).toBe('ok');
    expect(await h.call('model.exportOnnx', { dir: '/home/u/out' })).toBe('UNAUTHORIZED');
    // Without a folder the files come back as bytes: nothing written, nothing to grant.
    expect(await h.call('model.exportOnnx', {})).toBe('ok');
    expect(h.reached.map((r) => r.name)).toEqual([
      'model.inspectOnnx',
      'model.importOnnx',
      'model.exportOnnx',
      'model.exportOnnx',
    ]);
  });

  it('refuses folder listing (the browser host picker) and still validates arguments first', async () => {
    const h = harness();
    expect(await h.call('fs.list', { path: '/etc' })).toBe('UNAUTHORIZED');
    expect(await h.call('fs.list', {})).toBe('UNAUTHORIZED');
    expect(await h.call('dataset.open', { source: { kind: 'folder', path: 7 }, jobId: 'j' })).toBe('BAD_ARGUMENT');
    expect(h.reached).toEqual([]);
  });
});
