// The read-only test hook window.__latentExplorer (docs/ui-names.md): lets Playwright find a real
// point on the screen and read the scatter's frame rate. Always present; 0/null until a scatter exists.

export interface ScatterProbe {
  screenPoint(index: number): { x: number; y: number } | null;
  fps(): number;
  orbitFor(ms: number): Promise<number>;
  count(): number;
}

export interface LatentExplorerHook {
  scatterScreenPoint(index: number): { x: number; y: number } | null;
  scatterFps(): number;
  /** Orbits the view for `ms` (one step per frame) and resolves to the frames per second drawn. */
  scatterOrbitFps(ms: number): Promise<number>;
  pointCount(): number;
}

declare global {
  interface Window {
    __latentExplorer: LatentExplorerHook;
  }
}

let probe: ScatterProbe | null = null;

/** The scatter registers itself while mounted; pass null on unmount. */
export function setScatterProbe(p: ScatterProbe | null): void {
  probe = p;
}

export function installTestHook(target: Window): void {
  const hook: LatentExplorerHook = Object.freeze({
    scatterScreenPoint: (index: number) => probe?.screenPoint(index) ?? null,
    scatterFps: () => probe?.fps() ?? 0,
    scatterOrbitFps: (ms: number) => probe?.orbitFor(ms) ?? Promise.resolve(0),
    pointCount: () => probe?.count() ?? 0,
  });
  Object.defineProperty(target, '__latentExplorer', { value: hook, writable: false, configurable: false });
}
