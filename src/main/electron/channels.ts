// IPC channel names shared by the main side and the preload. Nothing else may be used: the preload
// only ever invokes or listens on these.
export const CHANNELS = {
  /** invoke(name, arg) → the contract call's result; errors as Error('[CODE] message'). */
  call: 'latent:call',
  /** main → renderer: (eventName, payload) for every contract event. */
  event: 'latent:event',
  /** main → renderer: (menuAction). */
  menu: 'menu:action',
  pickFolder: 'host:pickFolder',
  pickModelDir: 'host:pickModelDir',
  pickSavePath: 'host:pickSavePath',
  pickOnnxFile: 'host:pickOnnxFile',
  pickExportDir: 'host:pickExportDir',
} as const;

export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS];
