import { describe, expect, it } from 'vitest';
import { wsUrl } from './api';

describe('wsUrl', () => {
  it('points at /ws of the page host with the page token, ws or wss by the page scheme', () => {
    expect(wsUrl({ protocol: 'http:', host: '127.0.0.1:5173', search: '?token=a-b_C' })).toBe(
      'ws://127.0.0.1:5173/ws?token=a-b_C',
    );
    expect(wsUrl({ protocol: 'https:', host: 'gpu.lab:443', search: '?x=1&token=t%2B' })).toBe(
      'wss://gpu.lab:443/ws?token=t%2B',
    );
    // No token in the address: the socket is opened without one and the host refuses it (401).
    expect(wsUrl({ protocol: 'http:', host: 'localhost:1', search: '' })).toBe('ws://localhost:1/ws');
  });
});
