// Keyboard shortcuts: one table, used by the key handler and listed in the help popover.

export type ShortcutAction =
  | 'tab-data'
  | 'tab-train'
  | 'tab-explore'
  | 'train-toggle'
  | 'play'
  | 'set-a'
  | 'set-b'
  | 'slider-left'
  | 'slider-right'
  | 'reset-view'
  | 'help'
  | 'theme';

export const SHORTCUTS: readonly { keys: string; action: ShortcutAction; label: string }[] = [
  { keys: '1', action: 'tab-data', label: 'Data tab' },
  { keys: '2', action: 'tab-train', label: 'Train tab' },
  { keys: '3', action: 'tab-explore', label: 'Explore tab' },
  { keys: 't', action: 'train-toggle', label: 'Train / pause / resume' },
  { keys: 'Space', action: 'play', label: 'Play or stop the interpolation' },
  { keys: 'a', action: 'set-a', label: 'Set image A to the hovered point' },
  { keys: 'b', action: 'set-b', label: 'Set image B to the hovered point' },
  { keys: '← / →', action: 'slider-left', label: 'Move the interpolation slider' },
  { keys: 'r', action: 'reset-view', label: 'Reset the 3-D view' },
  { keys: 'l', action: 'theme', label: 'Toggle light / dark theme' },
  { keys: '?', action: 'help', label: 'Show these shortcuts' },
];

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** Tag name of the focused element (upper case, as the DOM gives it). */
  targetTag: string;
  /** The focused element's role or input type, when it has one. */
  targetRole?: string | null;
}

const TYPING_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/** The action for a key press, or null (typing in a field and modified keys never trigger one). */
export function shortcutFor(e: KeyLike): ShortcutAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (TYPING_TAGS.has(e.targetTag)) {
    // The slider is an <input type=range>: arrows already move it natively; letters still work.
    if (e.targetRole !== 'range' || e.key.length !== 1 || e.key === ' ') return null;
  }
  switch (e.key) {
    case '1':
      return 'tab-data';
    case '2':
      return 'tab-train';
    case '3':
      return 'tab-explore';
    case 't':
      return 'train-toggle';
    case ' ':
      return e.targetTag === 'BUTTON' ? null : 'play';
    case 'a':
      return 'set-a';
    case 'b':
      return 'set-b';
    case 'ArrowLeft':
      return 'slider-left';
    case 'ArrowRight':
      return 'slider-right';
    case 'r':
      return 'reset-view';
    case 'l':
      return 'theme';
    case '?':
      return 'help';
    default:
      return null;
  }
}
