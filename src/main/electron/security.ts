// Session- and app-wide defences: CSP on every response, every permission denied, no navigation,
// no new windows, no <webview>. Installed before the first window exists.
import { app, type Session } from 'electron';
import { buildCsp, withCsp } from './csp.js';

export function secureSession(session: Session, devServerUrl: string | null): void {
  const csp = buildCsp(devServerUrl);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders, csp) });
  });
  // The app needs no camera, microphone, notifications, geolocation, HID, serial, USB, …
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

export function lockDownWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    // The UI is a single page: any navigation (a dropped file, a link, a script setting location)
    // would leave our origin and with it the IPC trust. Reloads are not navigations.
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
