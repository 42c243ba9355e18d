// Binds the service to ipcMain: one channel for every contract call, one for events, and the host
// dialogs. Every handler first checks that the sender is our window's main frame showing our page.
// Paths the user picks in a dialog are recorded main-side (PathGrants); a call naming any other path
// is refused, so the renderer cannot read or write where the user did not choose.
import { app, dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type OpenDialogOptions } from 'electron';
import { join } from 'node:path';
import { EVENT_NAMES, type EventName, type LatentApi, type Unsubscribe } from '../../shared/contract.js';
import { CHANNELS } from './channels.js';
import { parseOnnxRole, parseSaveArgs } from './host-args.js';
import { PathGrants, withGrants, type GrantKind } from './path-grants.js';
import { assertTrustedSender, dispatchCall, encodeError, type ArgValidator, type SenderInfo } from './ipc-guard.js';

export interface BindingOptions {
  service: LatentApi;
  validate: ArgValidator;
  /** The window of the moment (null while none is open). */
  getWindow(): BrowserWindow | null;
  appUrl: string;
}

function senderInfo(event: IpcMainInvokeEvent): SenderInfo {
  const frame = event.senderFrame;
  return {
    webContentsId: event.sender.id,
    // A frame without a parent is the top frame of its page.
    isMainFrame: frame !== null && frame.parent === null,
    url: frame?.url ?? null,
  };
}

/** Registers every handler; returns a function that removes them all again. */
export function bindIpc(o: BindingOptions): () => void {
  const grants = new PathGrants();
  const validate = withGrants(o.validate, grants);
  /** The dialog's answer, recorded as granted for that use. */
  const granted = (kind: GrantKind, path: string | null | undefined): string | null => {
    if (!path) return null;
    grants.grant(kind, path);
    return path;
  };
  const trust = (event: IpcMainInvokeEvent): BrowserWindow => {
    const win = o.getWindow();
    const live = win && !win.isDestroyed() ? win : null;
    try {
      assertTrustedSender(senderInfo(event), { webContentsId: live?.webContents.id ?? null, appUrl: o.appUrl });
    } catch (err) {
      console.warn(`latent-explorer: refused IPC from ${event.senderFrame?.url ?? 'a closed frame'}`);
      throw encodeError(err);
    }
    return live!;
  };

  ipcMain.handle(CHANNELS.call, (event, name: unknown, arg: unknown) => {
    trust(event);
    return dispatchCall(o.service, validate, name, arg);
  });

  /**
   * An open-file/folder dialog on `channel`; its answer is granted for `kind`. `options` reads the
   * renderer's argument (a bad one throws, and the renderer gets the contract error).
   */
  const openDialog = (channel: string, kind: GrantKind, options: (arg: unknown) => OpenDialogOptions): void => {
    ipcMain.handle(channel, async (event, arg: unknown) => {
      const win = trust(event);
      let opts;
      try {
        opts = options(arg);
      } catch (err) {
        throw encodeError(err);
      }
      const r = await dialog.showOpenDialog(win, opts);
      return r.canceled ? null : granted(kind, r.filePaths[0]);
    });
  };

  openDialog(CHANNELS.pickFolder, 'folder', () => ({ title: 'Open image folder', properties: ['openDirectory'] }));
  openDialog(CHANNELS.pickModelDir, 'model', () => ({
    title: 'Open model folder',
    message: 'Choose a folder that holds a saved model (model.json and meta.json).',
    properties: ['openDirectory'],
  }));
  openDialog(CHANNELS.pickOnnxFile, 'onnx', (role) => ({
    title: parseOnnxRole(role) === 'encoder' ? 'Choose the encoder (.onnx)' : 'Choose the decoder (.onnx)',
    filters: [
      { name: 'ONNX', extensions: ['onnx'] },
      { name: 'All files', extensions: ['*'] },
    ],
    properties: ['openFile'],
  }));
  openDialog(CHANNELS.pickExportDir, 'exportDir', () => ({
    title: 'Export ONNX into folder',
    message: 'encoder.onnx and decoder.onnx are written into this folder (existing files are never replaced).',
    properties: ['openDirectory', 'createDirectory'],
  }));

  ipcMain.handle(CHANNELS.pickSavePath, async (event, suggestedName: unknown, filters: unknown) => {
    const win = trust(event);
    let args;
    try {
      args = parseSaveArgs(suggestedName, filters);
    } catch (err) {
      throw encodeError(err);
    }
    const r = await dialog.showSaveDialog(win, {
      defaultPath: join(app.getPath('downloads'), args.suggestedName),
      filters: args.filters,
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    return r.canceled ? null : granted('save', r.filePath);
  });

  const unsubscribers: Unsubscribe[] = EVENT_NAMES.map((name: EventName) =>
    o.service.on(name, (payload: unknown) => {
      const win = o.getWindow();
      if (win && !win.isDestroyed()) win.webContents.send(CHANNELS.event, name, payload);
    }),
  );

  return () => {
    for (const channel of [
      CHANNELS.call,
      CHANNELS.pickFolder,
      CHANNELS.pickModelDir,
      CHANNELS.pickSavePath,
      CHANNELS.pickOnnxFile,
      CHANNELS.pickExportDir,
    ]) {
      ipcMain.removeHandler(channel);
    }
    for (const u of unsubscribers) u();
  };
}
