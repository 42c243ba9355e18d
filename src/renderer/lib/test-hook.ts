// The read-only test hook window.__latentExplorer (docs/ui-names.md): lets Playwright find a real
// point on the screen, read the scatter's frame rate, and check that closed views gave their three.js
// objects back. Installed only when app.info says testHooks (e2e hosts); 0/null until a scatter exists.

export interface ScatterProbe {
  screenPoint(index: number): { x: number; y: number } | null;
  fps(): number;
  orbitFor(ms: number): Promise<number>;
  syntheticOrbitFor(n: number, ms: number): Promise<number>;
  count(): number;
  /** The live renderer's renderer.info.memory. */
  glResources(): GlResources;
  thumbnails(): ThumbnailsShown;
}

/** Points drawn as their image (data indices, farthest first) and each one's side in CSS px. */
export interface ThumbnailsShown {
  indices: number[];
  sizes: number[];
}

export interface GlResources {
  geometries: number;
  textures: number;
}

export interface LatentExplorerHook {
  scatterScreenPoint(index: number): { x: number; y: number } | null;
  scatterFps(): number;
  /** Orbits the view for `ms` (one step per frame) and resolves to the frames per second drawn. */
  scatterOrbitFps(ms: number): Promise<number>;
  /**
   * The same with `n` synthetic points swapped in for the measurement (the bench's 1,000,000-point row);
   * the real points are put back before it resolves.
   */
  scatterSyntheticOrbitFps(n: number, ms: number): Promise<number>;
  pointCount(): number;
  /** ScatterView instances constructed and not yet disposed: more than one open view is a leak. */
  scatterViews(): number;
  /** GPU objects the live scatter renderer holds (three's renderer.info.memory); null without a scatter. */
  glResources(): GlResources | null;
  /** The scatter's thumbnails now (none while zoomed out); null without a scatter. */
  scatterThumbnails(): ThumbnailsShown | null;
}

declare global {
  interface Window {
    __latentExplorer: LatentExplorerHook;
  }
}

let probe: ScatterProbe | null = null;
let liveViews = 0;

/** ScatterView's constructor and dispose() report here (dispose once per view). */
export function countScatterView(delta: 1 | -1): void {
  liveViews += delta;
}

/** The scatter registers itself while mounted; pass null on unmount. */
export function setScatterProbe(p: ScatterProbe | null): void {
  probe = p;
}

export function installTestHook(target: Window): void {
  const hook: LatentExplorerHook = Object.freeze({
    scatterScreenPoint: (index: number) => probe?.screenPoint(index) ?? null,
    scatterFps: () => probe?.fps() ?? 0,
    scatterOrbitFps: (ms: number) => probe?.orbitFor(ms) ?? Promise.resolve(0),
    scatterSyntheticOrbitFps: (n: number, ms: number) => probe?.syntheticOrbitFor(n, ms) ?? Promise.resolve(0),
    pointCount: () => probe?.count() ?? 0,
    scatterViews: () => liveViews,
    glResources: () => (probe ? { ...probe.glResources() } : null),
    scatterThumbnails: () => probe?.thumbnails() ?? null,
  });
  Object.defineProperty(target, '__latentExplorer', { value: hook, writable: false, configurable: false });
}
