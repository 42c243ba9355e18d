// The browser host keeps the current view in the page address (#view=…, base64url JSON), so a reload
// or a shared link reopens it. The hash, not the query: the query holds the host's access token.
import type { SavedView } from '../../shared/contract';
import { savedView } from '../../shared/validate';

const KEY = 'view=';

export function viewToHash(view: SavedView): string {
  const bytes = new TextEncoder().encode(JSON.stringify(view));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `#${KEY}${btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

/** The view in a location hash, validated; null when there is none or it is not a valid view. */
export function viewFromHash(hash: string): SavedView | null {
  const at = hash.indexOf(KEY);
  if (at < 0) return null;
  try {
    const b64 = hash
      .slice(at + KEY.length)
      .replace(/-/g, '+')
      .replace(/_/g, '/');
    const bin = atob(b64);
    const json = new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
    return savedView(JSON.parse(json), 'view');
  } catch {
    return null;
  }
}

let taken = false;

/** The view in the page address at load, once per page: a component mounting again must not reopen it. */
export function takeViewFromUrl(hash: string): SavedView | null {
  if (taken) return null;
  taken = true;
  return viewFromHash(hash);
}
