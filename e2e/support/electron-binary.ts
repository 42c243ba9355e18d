// The e2e suite finds the Electron binary the way `npm start` does (one rule, in the launcher).
export { findElectronBinary, type ElectronBinary } from '../../src/main/launcher/electron-binary';
