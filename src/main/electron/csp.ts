// The Content-Security-Policy of the app window, as one header value.
// - scripts only from the app itself; 'wasm-unsafe-eval' lets WebAssembly compile (tfjs-wasm)
//   without allowing eval of strings;
// - styles: 'unsafe-inline' because Svelte/Vite inject <style> elements in dev and component
//   libraries set style attributes; styles cannot run code;
// - images from the app, data: and blob: URLs (decoded images, exported GIF previews);
// - workers from the app or blob: URLs;
// - no plugins, no <base>, no forms, no framing.
// In dev the page comes from the Vite server, whose HMR needs a WebSocket back to that server.

export function buildCsp(devServerUrl?: string | null): string {
  const connect = ["'self'"];
  if (devServerUrl) {
    const u = new URL(devServerUrl);
    connect.push(`${u.protocol === 'https:' ? 'wss:' : 'ws:'}//${u.host}`);
  }
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'", "'wasm-unsafe-eval'"]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', connect],
    ['worker-src', ["'self'", 'blob:']],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

/**
 * Response headers with our CSP replacing any the response carried (header names are matched
 * case-insensitively: a server's `content-security-policy` must not survive next to ours).
 */
export function withCsp(headers: Record<string, string[] | string> | undefined, csp: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === 'content-security-policy') continue;
    out[key] = Array.isArray(value) ? value : [value];
  }
  out['Content-Security-Policy'] = [csp];
  return out;
}
