// The three.js side of the latent scatter: one THREE.Points for all codes, rendered on demand, picked on
// the GPU through an id-colour render target (no raycasting over tens of thousands of points).
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { idColours, pickNearest } from './pick-id';
import { identityOrder, inverseOrder, permuteRows, shuffledOrder } from './draw-order';
import { countScatterView, type GlResources } from './test-hook';
import { MOVING_POINT_BUDGET } from './scatter-budget';
import type { ImageBatch, ViewCamera } from '../../shared/contract';
import { ScatterThumbnails } from './scatter-thumbnails';
import { chooseThumbnails, typicalSpacing, type ThumbnailChoice } from './thumbnail-choice';

const VERTEX = /* glsl */ `
  attribute vec3 tint;
  attribute float shown;
  uniform float size;
  uniform float pixelRatio;
  // Positions arrive as normalised 16-bit integers (see packPositions); this scales them back.
  uniform float positionScale;
  varying vec3 vTint;
  void main() {
    vTint = tint;
    if (shown < 0.5) { gl_Position = vec4(2.0, 2.0, 2.0, 1.0); gl_PointSize = 0.0; return; }
    vec4 mv = modelViewMatrix * vec4(position * positionScale, 1.0);
    gl_Position = projectionMatrix * mv;
    // Mild perspective: nearer points a little larger, never below 1.5 px.
    gl_PointSize = max(1.5, size * pixelRatio * clamp(3.0 / -mv.z, 0.6, 2.0));
  }`;
const FRAGMENT = /* glsl */ `
  varying vec3 vTint;
  void main() {
    // Round points only where they are big enough to show it: discard costs every fragment on a
    // software rasteriser (SwiftShader), and at 2-3 px a disc and a square look the same.
    #ifdef ROUND_POINTS
    vec2 c = gl_PointCoord - 0.5;
    if (dot(c, c) > 0.25) discard;
    #endif
    gl_FragColor = vec4(vTint, 1.0);
  }`;
const MARKER_VERTEX = /* glsl */ `
  attribute vec3 tint;
  uniform float pixelRatio;
  varying vec3 vTint;
  void main() {
    vTint = tint;
    gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
    gl_PointSize = 16.0 * pixelRatio;
  }`;
const MARKER_FRAGMENT = /* glsl */ `
  varying vec3 vTint;
  void main() {
    float r = length(gl_PointCoord - 0.5);
    if (r > 0.5 || r < 0.3) discard;
    gl_FragColor = vec4(vTint, 1.0);
  }`;

/**
 * A CSS colour as the scatter's shaders need it. They write their tint straight to the screen, with no
 * colour-space conversion, so the tint must hold the CSS (sRGB) values themselves: a plain
 * `new THREE.Color(css)` converts to linear RGB and drew every point and ring darker than the legend
 * and the theme's A/B colours.
 */
export function shaderColour(css: string): THREE.Color {
  return new THREE.Color().setStyle(css, THREE.LinearSRGBColorSpace);
}

/** Up to this many points are drawn with a depth test; more are drawn in a shuffled order without one. */
const DEPTH_TESTED_MAX_POINTS = 20_000;

/** Half-size of the square read back around the mouse: points within this many CSS pixels are hits. */
const PICK_RADIUS = 4;

/** Thumbnails are chosen this long after the camera stops: a wheel zoom is many short moves. */
const THUMBNAIL_SETTLE_MS = 120;

/** Where the scatter gets the images its thumbnails show, for one model and dataset (`key`). */
export interface ThumbnailSource {
  key: string;
  /** The dataset's images of these indices, in one call. */
  images(indices: number[]): Promise<ImageBatch>;
}

export class ScatterView {
  private readonly renderer: THREE.WebGLRenderer;
  private readonly scene = new THREE.Scene();
  private readonly pickScene = new THREE.Scene();
  private readonly camera = new THREE.PerspectiveCamera(50, 1, 0.01, 100);
  private readonly controls: OrbitControls;
  private readonly geometry = new THREE.BufferGeometry();
  private readonly material: THREE.ShaderMaterial;
  private readonly pickMaterial: THREE.ShaderMaterial;
  private readonly pickTarget = new THREE.WebGLRenderTarget(PICK_RADIUS * 2 + 1, PICK_RADIUS * 2 + 1);
  private readonly pickBuffer = new Uint8Array((PICK_RADIUS * 2 + 1) ** 2 * 4);
  private readonly markerGeometry = new THREE.BufferGeometry();
  private readonly markerMaterial: THREE.ShaderMaterial;
  private readonly axes: THREE.LineSegments;
  private positions: Float32Array = new Float32Array(0);
  private colours: Float32Array = new Float32Array(0);
  /** Per drawn slot (see draw-order.ts): 1 drawn, 0 hidden. */
  private shown = new Uint8Array(0);
  /** slot → data index, and back. */
  private order: Uint32Array = new Uint32Array(0);
  private slotOf: Uint32Array = new Uint32Array(0);
  private count = 0;
  private frame = 0;
  private frameTimes: number[] = [];
  private background = new THREE.Color('#1b1f26');
  private disposed = false;
  /** True while the camera is being moved (drag, wheel, orbitFor): see MOVING_POINT_BUDGET. */
  private moving = false;
  /** The 2-D view: no orbit, the camera looks down z. */
  private flat = false;
  /** Called after the camera came to rest somewhere new (a drag or wheel ended, a reset, a restore). */
  onCameraChange: () => void = () => {};
  private readonly thumbnails: ScatterThumbnails;
  private thumbnailSource: ThumbnailSource | null = null;
  private thumbnailTimer = 0;
  /** A fetch of thumbnail images is in flight; `thumbnailsAgain`: the camera moved meanwhile. */
  private thumbnailsBusy = false;
  private thumbnailsAgain = false;
  /** typicalSpacing of the current positions, measured at the first rest after setData (NaN: not yet). */
  private spacing = Number.NaN;

  constructor(private readonly canvas: HTMLCanvasElement) {
    countScatterView(1);
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: false, powerPreference: 'high-performance' });
    this.renderer.setPixelRatio(Math.min(2, window.devicePixelRatio || 1));
    this.camera.position.set(0, 0, 3.2);
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.enableDamping = false;
    this.controls.zoomSpeed = 1.2;
    this.controls.addEventListener('change', () => this.requestRender());
    this.controls.addEventListener('start', () => (this.moving = true));
    this.controls.addEventListener('end', () => {
      this.moving = false;
      this.requestRender();
      this.onCameraChange();
      this.scheduleThumbnails();
    });
    this.controls.saveState();

    const uniforms = () => ({
      size: { value: 3 },
      pixelRatio: { value: this.renderer.getPixelRatio() },
      positionScale: { value: 1 },
    });
    this.material = new THREE.ShaderMaterial({ vertexShader: VERTEX, fragmentShader: FRAGMENT, uniforms: uniforms() });
    this.pickMaterial = new THREE.ShaderMaterial({
      vertexShader: VERTEX,
      fragmentShader: FRAGMENT,
      uniforms: uniforms(),
    });
    // The pick target maps one texel to one CSS pixel.
    this.pickMaterial.uniforms['pixelRatio']!.value = 1;
    this.markerMaterial = new THREE.ShaderMaterial({
      vertexShader: MARKER_VERTEX,
      fragmentShader: MARKER_FRAGMENT,
      uniforms: { pixelRatio: { value: this.renderer.getPixelRatio() } },
      depthTest: false,
      transparent: true,
    });
    const points = new THREE.Points(this.geometry, this.material);
    points.frustumCulled = false;
    this.scene.add(points);
    const markers = new THREE.Points(this.markerGeometry, this.markerMaterial);
    markers.renderOrder = 1;
    markers.frustumCulled = false;
    this.scene.add(markers);
    this.thumbnails = new ScatterThumbnails(this.renderer.getPixelRatio());
    this.scene.add(this.thumbnails.object);

    const axisGeometry = new THREE.BufferGeometry().setFromPoints([
      new THREE.Vector3(-1.2, 0, 0),
      new THREE.Vector3(1.2, 0, 0),
      new THREE.Vector3(0, -1.2, 0),
      new THREE.Vector3(0, 1.2, 0),
      new THREE.Vector3(0, 0, -1.2),
      new THREE.Vector3(0, 0, 1.2),
    ]);
    this.axes = new THREE.LineSegments(
      axisGeometry,
      new THREE.LineBasicMaterial({ color: 0x888888, transparent: true, opacity: 0.25 }),
    );
    this.scene.add(this.axes);
  }

  /** Positions (n×3, normalised) and per-point colours (n×3, 0..1). */
  setData(positions: Float32Array, colours: Float32Array): void {
    this.count = positions.length / 3;
    this.positions = positions;
    this.colours = colours;
    // Large clouds skip the depth test: on a software rasteriser (SwiftShader) it costs ~40% of a
    // 70k-point frame, and at 2 px occlusion is illegible anyway. The shuffled draw order keeps the
    // last-drawn label from covering the rest.
    const large = this.count > DEPTH_TESTED_MAX_POINTS;
    this.order = large ? shuffledOrder(this.count) : identityOrder(this.count);
    this.slotOf = inverseOrder(this.order);
    for (const m of [this.material, this.pickMaterial]) {
      m.depthTest = !large;
      m.depthWrite = !large;
    }
    this.shown = new Uint8Array(this.count).fill(1);
    // A software rasteriser pays per byte fetched per vertex: 16-bit positions, 8-bit colours and flags
    // instead of floats take 10 bytes a point instead of 28.
    const packed = packPositions(permuteRows(positions, this.order, 3));
    for (const m of [this.material, this.pickMaterial]) m.uniforms['positionScale']!.value = packed.scale;
    this.geometry.setAttribute('position', new THREE.BufferAttribute(packed.data, 3, true));
    // 8-bit colours: a quarter of the bytes the software rasteriser fetches per vertex.
    this.geometry.setAttribute(
      'tint',
      new THREE.BufferAttribute(toUnorm8(permuteRows(colours, this.order, 3)), 3, true),
    );
    this.geometry.setAttribute('shown', new THREE.BufferAttribute(this.shown, 1));
    // The packed positions are scaled in the shader, so three's bounding sphere would be wrong: no culling.
    // The pick pass reads the id colours through the same attribute name, on its own geometry view.
    this.pickScene.clear();
    const pickGeometry = new THREE.BufferGeometry();
    pickGeometry.setAttribute('position', this.geometry.getAttribute('position'));
    pickGeometry.setAttribute('shown', this.geometry.getAttribute('shown'));
    // Id colours are exact multiples of 1/255, so bytes carry them losslessly.
    pickGeometry.setAttribute('tint', new THREE.BufferAttribute(toUnorm8(idColours(this.count, this.order)), 3, true));
    this.pickGeometry?.dispose();
    this.pickGeometry = pickGeometry;
    const pickPoints = new THREE.Points(pickGeometry, this.pickMaterial);
    pickPoints.frustumCulled = false;
    this.pickScene.add(pickPoints);
    const size = Math.max(2, Math.min(6, 9 - 1.5 * Math.log10(Math.max(10, this.count))));
    this.material.uniforms['size']!.value = size;
    const round = size >= 3;
    if (round !== 'ROUND_POINTS' in this.material.defines) {
      if (round) this.material.defines['ROUND_POINTS'] = 1;
      else delete this.material.defines['ROUND_POINTS'];
      this.material.needsUpdate = true;
    }
    this.pickMaterial.uniforms['size']!.value = size + 2;
    this.spacing = Number.NaN;
    // A new projection moves every point: the A/B/hover rings follow their points, and so do thumbnails
    // until they are chosen again for the new picture.
    this.placeMarkers();
    this.reshowThumbnails();
    this.requestRender();
  }
  private pickGeometry: THREE.BufferGeometry | null = null;

  /** Shows the points whose entry in `mask` (one per data index) is 1, hides the rest. */
  setShown(mask: Uint8Array): void {
    if (mask.length !== this.count) return;
    for (let slot = 0; slot < this.count; slot++) this.shown[slot] = mask[this.order[slot]!]!;
    const attr = this.geometry.getAttribute('shown');
    if (attr) attr.needsUpdate = true;
    this.reshowThumbnails();
    this.requestRender();
  }

  /**
   * 2-D: the camera looks straight down the z axis and only pans and zooms (z is 0 for every point).
   * 3-D: orbiting again. A switch resets the view; setting the mode it is in keeps the camera (a
   * restored view sets its mode first, and the component's own effect sets it again after).
   */
  setFlat(flat: boolean): void {
    if (flat === this.flat) return;
    this.flat = flat;
    this.controls.enableRotate = !flat;
    this.resetView();
  }

  /** Where the camera is, for a saved view. */
  getCamera(): ViewCamera {
    return {
      position: this.camera.position.toArray(),
      target: this.controls.target.toArray(),
      flat: this.flat,
    };
  }

  /** Puts the camera back where getCamera found it (its 2-D/3-D mode first). */
  setCamera(c: ViewCamera): void {
    this.setFlat(c.flat ?? false);
    this.camera.position.fromArray(c.position);
    this.controls.target.fromArray(c.target);
    // update() turns the camera to the target; the spherical round trip moves it by float rounding only.
    this.controls.update();
    this.requestRender();
    this.onCameraChange();
    this.scheduleThumbnails();
  }

  /** Lets a modifier drag (box select, decode box) use the left button instead of orbiting. */
  setControlsEnabled(on: boolean): void {
    this.controls.enabled = on;
  }

  /**
   * The normalised scatter position under the CSS-pixel point (x, y) of the canvas, on the plane through
   * the orbit target facing the camera (the plane z = 0 in 2-D).
   */
  placeAt(x: number, y: number): [number, number, number] {
    const w = this.canvas.clientWidth || 1;
    const h = this.canvas.clientHeight || 1;
    const ndc = new THREE.Vector3((x / w) * 2 - 1, 1 - (y / h) * 2, 0.5).unproject(this.camera);
    const dir = ndc.sub(this.camera.position).normalize();
    const normal = new THREE.Vector3();
    this.camera.getWorldDirection(normal);
    const t = this.controls.target.clone().sub(this.camera.position).dot(normal) / dir.dot(normal);
    const p = this.camera.position.clone().addScaledVector(dir, t);
    return [p.x, p.y, p.z];
  }

  /**
   * CSS-pixel position in the canvas of every shown point (NaN for hidden or behind the camera); with
   * `depth`, each point's distance in front of the camera too, and with `distance` its squared
   * straight-line distance from the camera.
   */
  private canvasPoints(depth?: Float32Array, distance?: Float32Array): Float32Array {
    const w = this.canvas.clientWidth;
    const h = this.canvas.clientHeight;
    const m = new THREE.Matrix4().multiplyMatrices(this.camera.projectionMatrix, this.camera.matrixWorldInverse);
    const e = m.elements;
    const out = new Float32Array(this.count * 2).fill(Number.NaN);
    const cam = this.camera.position;
    for (let i = 0; i < this.count; i++) {
      if (this.shown[this.slotOf[i]!] !== 1) continue;
      const px = this.positions[i * 3]!;
      const py = this.positions[i * 3 + 1]!;
      const pz = this.positions[i * 3 + 2]!;
      const cw = e[3]! * px + e[7]! * py + e[11]! * pz + e[15]!;
      if (cw <= 0) continue;
      if (depth) depth[i] = cw;
      if (distance) distance[i] = (px - cam.x) ** 2 + (py - cam.y) ** 2 + (pz - cam.z) ** 2;
      out[i * 2] = (((e[0]! * px + e[4]! * py + e[8]! * pz + e[12]!) / cw + 1) / 2) * w;
      out[i * 2 + 1] = ((1 - (e[1]! * px + e[5]! * py + e[9]! * pz + e[13]!) / cw) / 2) * h;
    }
    return out;
  }

  /** Shown points drawn inside the canvas rectangle between corners (x0, y0) and (x1, y1). */
  pointsInRect(x0: number, y0: number, x1: number, y1: number): number[] {
    const [l, r] = [Math.min(x0, x1), Math.max(x0, x1)];
    const [t, b] = [Math.min(y0, y1), Math.max(y0, y1)];
    const xy = this.canvasPoints();
    const out: number[] = [];
    for (let i = 0; i < this.count; i++) {
      const x = xy[i * 2]!;
      const y = xy[i * 2 + 1]!;
      if (x >= l && x <= r && y >= t && y <= b) out.push(i);
    }
    return out;
  }

  /**
   * The shown point nearest to point `from` in screen direction (dx, dy) (within 60° of it; nearer the
   * line counts more), or `from` when there is none. Without `from`, the shown point nearest the centre.
   */
  nearestInDirection(from: number, dx: number, dy: number): number {
    const xy = this.canvasPoints();
    let best = -1;
    let bestScore = Infinity;
    const hasFrom = from >= 0 && from < this.count && !Number.isNaN(xy[from * 2]!);
    const ox = hasFrom ? xy[from * 2]! : this.canvas.clientWidth / 2;
    const oy = hasFrom ? xy[from * 2 + 1]! : this.canvas.clientHeight / 2;
    for (let i = 0; i < this.count; i++) {
      const x = xy[i * 2]!;
      if (Number.isNaN(x) || i === from) continue;
      const vx = x - ox;
      const vy = xy[i * 2 + 1]! - oy;
      const along = hasFrom ? vx * dx + vy * dy : 1;
      const across = hasFrom ? Math.abs(vx * dy - vy * dx) : 0;
      if (along <= 0 || across > along * 1.8) continue;
      const score = hasFrom ? along + 2 * across : Math.hypot(vx, vy);
      if (score < bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return best >= 0 ? best : from;
  }

  isShown(index: number): boolean {
    return index >= 0 && index < this.count && this.shown[this.slotOf[index]!] === 1;
  }

  /** Rings around marked points: [index, colour] pairs; indices outside the data are skipped. */
  setMarkers(marks: [number, string][]): void {
    this.marks = marks;
    this.placeMarkers();
  }
  /** The marked points by index: their rings move with the points when the positions change. */
  private marks: [number, string][] = [];

  private placeMarkers(): void {
    const valid = this.marks.filter(([i]) => i >= 0 && i < this.count);
    const pos = new Float32Array(valid.length * 3);
    const col = new Float32Array(valid.length * 3);
    valid.forEach(([i, colour], k) => {
      pos.set(this.positions.subarray(i * 3, i * 3 + 3), k * 3);
      const c = shaderColour(colour);
      col.set([c.r, c.g, c.b], k * 3);
    });
    this.markerGeometry.setAttribute('position', new THREE.BufferAttribute(pos, 3));
    this.markerGeometry.setAttribute('tint', new THREE.BufferAttribute(col, 3));
    this.requestRender();
  }

  setBackground(colour: string): void {
    this.background = new THREE.Color(colour);
    this.requestRender();
  }

  resize(width: number, height: number): void {
    if (width <= 0 || height <= 0) return;
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.requestRender();
    this.scheduleThumbnails();
  }

  resetView(): void {
    this.controls.reset();
    this.requestRender();
    this.onCameraChange();
    this.scheduleThumbnails();
  }

  /**
   * Images for thumbnails when zoomed in (null: dots only). A new source (another model or dataset)
   * drops the thumbnails of the old one; an answer for an older source is ignored.
   */
  setThumbnailSource(source: ThumbnailSource | null): void {
    const same = (source?.key ?? null) === (this.thumbnailSource?.key ?? null);
    this.thumbnailSource = source;
    if (same) return;
    this.thumbnails.clear();
    this.requestRender();
    this.scheduleThumbnails();
  }

  /** The thumbnails drawn now (data indices, farthest first) and their side in CSS px. */
  thumbnailsShown(): ThumbnailChoice {
    const c = this.thumbnails.current();
    return { indices: [...c.indices], sizes: [...c.sizes] };
  }

  private scheduleThumbnails(): void {
    if (this.disposed) return;
    clearTimeout(this.thumbnailTimer);
    this.thumbnailTimer = window.setTimeout(() => void this.refreshThumbnails(), THUMBNAIL_SETTLE_MS);
  }

  /** The current thumbnails at the points' current positions, without those now hidden. */
  private reshowThumbnails(): void {
    this.scheduleThumbnails();
    const c = this.thumbnails.current();
    if (c.indices.length === 0) return;
    const keep = c.indices.map((i) => this.isShown(i));
    const still = { indices: c.indices.filter((_, k) => keep[k]), sizes: c.sizes.filter((_, k) => keep[k]) };
    this.thumbnails.show(still, this.positions, this.colours);
  }

  /** Chooses the thumbnails for the camera at rest, fetches the images not in the atlas (one call), draws. */
  private async refreshThumbnails(): Promise<void> {
    const source = this.thumbnailSource;
    if (this.disposed || this.moving || !source) return;
    if (this.thumbnailsBusy) {
      this.thumbnailsAgain = true;
      return;
    }
    if (Number.isNaN(this.spacing)) this.spacing = typicalSpacing(this.positions);
    const depth = new Float32Array(this.count);
    const distance = new Float32Array(this.count);
    const xy = this.canvasPoints(depth, distance);
    const h = this.canvas.clientHeight;
    // CSS px per world unit at distance 1 from the camera, times the typical gap.
    const gapPx = ((this.spacing * h) / 2) * this.camera.projectionMatrix.elements[5]!;
    const choice = chooseThumbnails(xy, depth, this.canvas.clientWidth, h, gapPx, distance);
    const missing = this.thumbnails.missing(choice);
    if (missing.length > 0) {
      this.thumbnailsBusy = true;
      // Thumbnails are a picture of what the dots already say: images that cannot be had leave dots.
      const batch = await source.images(missing).catch(() => null);
      this.thumbnailsBusy = false;
      if (this.disposed) return;
      if (this.thumbnailsAgain || source !== this.thumbnailSource) {
        this.thumbnailsAgain = false;
        return this.refreshThumbnails();
      }
      if (!batch || batch.n !== missing.length) {
        this.thumbnails.clear();
        this.requestRender();
        return;
      }
      this.thumbnails.add(missing, batch, choice);
    }
    this.thumbnails.show(choice, this.positions, this.colours);
    this.requestRender();
  }

  requestRender(): void {
    if (this.frame || this.disposed) return;
    this.frame = requestAnimationFrame((t) => {
      this.frame = 0;
      this.render(t);
    });
  }

  private render(t: number): void {
    const budget = this.moving && this.count > MOVING_POINT_BUDGET ? MOVING_POINT_BUDGET : this.count;
    this.geometry.setDrawRange(0, budget);
    this.renderer.setClearColor(this.background, 1);
    this.renderer.render(this.scene, this.camera);
    this.frameTimes.push(t);
    if (this.frameTimes.length > 90) this.frameTimes.shift();
  }

  /**
   * Frames per second of the latest continuous run of renders (consecutive frames less than 250 ms apart),
   * e.g. while orbiting. 0 before two such frames.
   */
  fps(): number {
    const ts = this.frameTimes;
    let first = ts.length - 1;
    while (first > 0 && ts[first]! - ts[first - 1]! < 250) first--;
    const frames = ts.length - 1 - first;
    if (frames < 1) return 0;
    return (frames * 1000) / (ts[ts.length - 1]! - ts[first]!);
  }

  /**
   * Orbits the camera one small step per animation frame for `ms` and returns the frames per second
   * achieved: the view's own rendering rate during interaction, without input-event overhead.
   */
  orbitFor(ms: number): Promise<number> {
    return new Promise((resolve) => {
      const offset = new THREE.Vector3();
      let frames = 0;
      let start = 0;
      this.moving = true;
      const step = (t: number): void => {
        if (this.disposed) return resolve(0);
        if (start === 0) start = t;
        else frames++;
        if (t - start >= ms) {
          this.moving = false;
          this.requestRender();
          return resolve((frames * 1000) / (t - start));
        }
        offset.copy(this.camera.position).sub(this.controls.target);
        offset.applyAxisAngle(this.camera.up, 0.01);
        this.camera.position.copy(this.controls.target).add(offset);
        this.camera.lookAt(this.controls.target);
        this.render(t);
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
  }

  /**
   * For the bench: swaps in `n` synthetic points (a seeded mixture of 10 Gaussian clusters in 10
   * colours), orbits for `ms` as orbitFor does, then puts the real points (and what was shown) back.
   */
  async syntheticOrbitFor(n: number, ms: number): Promise<number> {
    const saved = { positions: this.positions, colours: this.colours, shown: Uint8Array.from(this.shown) };
    const savedOrder = this.order;
    const { positions, colours } = syntheticCloud(n);
    this.setData(positions, colours);
    try {
      return await this.orbitFor(ms);
    } finally {
      if (!this.disposed) {
        this.setData(saved.positions, saved.colours);
        const mask = new Uint8Array(this.count);
        for (let slot = 0; slot < savedOrder.length; slot++) mask[savedOrder[slot]!] = saved.shown[slot]!;
        this.setShown(mask);
      }
    }
  }

  /** The point whose thumbnail is drawn under the CSS-pixel position (x, y) of the canvas, or -1. */
  private thumbnailAt(x: number, y: number): number {
    const { indices, sizes } = this.thumbnails.current();
    const w = this.canvas.clientWidth;
    const h = this.canvas.clientHeight;
    const v = new THREE.Vector3();
    // The last drawn is on top.
    for (let k = indices.length - 1; k >= 0; k--) {
      const i = indices[k]!;
      if (i >= this.count) continue;
      v.fromArray(this.positions, i * 3).project(this.camera);
      const half = sizes[k]! / 2;
      if (Math.abs(((v.x + 1) / 2) * w - x) <= half && Math.abs(((1 - v.y) / 2) * h - y) <= half) return i;
    }
    return -1;
  }

  /** The index of the point drawn under the CSS-pixel position (x, y) of the canvas, or -1. */
  pick(x: number, y: number): number {
    if (this.count === 0) return -1;
    // A thumbnail covers its dot and its neighbours' dots: anywhere on it picks its point.
    const onThumbnail = this.thumbnailAt(x, y);
    if (onThumbnail >= 0) return onThumbnail;
    const w = this.canvas.clientWidth;
    const h = this.canvas.clientHeight;
    const side = PICK_RADIUS * 2 + 1;
    this.camera.setViewOffset(w, h, Math.round(x) - PICK_RADIUS, Math.round(y) - PICK_RADIUS, side, side);
    this.renderer.setRenderTarget(this.pickTarget);
    this.renderer.setClearColor(0x000000, 1);
    this.renderer.clear();
    this.renderer.render(this.pickScene, this.camera);
    this.renderer.readRenderTargetPixels(this.pickTarget, 0, 0, side, side, this.pickBuffer);
    this.renderer.setRenderTarget(null);
    this.camera.clearViewOffset();
    const index = pickNearest(this.pickBuffer, side, side);
    return index < this.count ? index : -1;
  }

  /** Normalised position of point `index`. */
  position(index: number): [number, number, number] {
    const p = this.positions;
    return [p[index * 3]!, p[index * 3 + 1]!, p[index * 3 + 2]!];
  }

  /** Viewport coordinates of point `index`, or null when hidden or off screen. */
  screenPoint(index: number): { x: number; y: number } | null {
    if (!this.isShown(index)) return null;
    const v = new THREE.Vector3().fromArray(this.positions, index * 3).project(this.camera);
    if (Math.abs(v.x) > 1 || Math.abs(v.y) > 1 || v.z < -1 || v.z > 1) return null;
    const r = this.canvas.getBoundingClientRect();
    return { x: r.left + ((v.x + 1) / 2) * r.width, y: r.top + ((1 - v.y) / 2) * r.height };
  }

  pointCount(): number {
    return this.count;
  }

  /** GPU geometries and textures the renderer holds now (three counts uploads and disposals). */
  glResources(): GlResources {
    const { geometries, textures } = this.renderer.info.memory;
    return { geometries, textures };
  }

  dispose(): void {
    if (this.disposed) return;
    countScatterView(-1);
    this.disposed = true;
    if (this.frame) cancelAnimationFrame(this.frame);
    clearTimeout(this.thumbnailTimer);
    this.thumbnails.dispose();
    this.controls.dispose();
    this.geometry.dispose();
    this.pickGeometry?.dispose();
    this.markerGeometry.dispose();
    this.material.dispose();
    this.pickMaterial.dispose();
    this.markerMaterial.dispose();
    this.axes.geometry.dispose();
    (this.axes.material as THREE.Material).dispose();
    this.pickTarget.dispose();
    this.renderer.dispose();
  }
}

/** n points in 10 seeded Gaussian clusters of radius ~0.25 inside the unit ball, one colour each. */
function syntheticCloud(n: number): { positions: Float32Array; colours: Float32Array } {
  let seed = 12345;
  const rand = (): number => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const gauss = (): number => Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
  const centres = Array.from({ length: 10 }, () => [gauss() * 0.4, gauss() * 0.4, gauss() * 0.4]);
  const tints = Array.from({ length: 10 }, (_, k) => new THREE.Color().setHSL(k / 10, 0.7, 0.55));
  const positions = new Float32Array(n * 3);
  const colours = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const k = i % 10;
    for (let c = 0; c < 3; c++) positions[i * 3 + c] = centres[k]![c]! + gauss() * 0.12;
    colours.set([tints[k]!.r, tints[k]!.g, tints[k]!.b], i * 3);
  }
  return { positions, colours };
}

/** 0..1 floats as normalised unsigned bytes. */
function toUnorm8(values: Float32Array): Uint8Array {
  return Uint8Array.from(values, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
}

/** Positions as normalised int16 and the scale that restores them (the largest |value|, at least 1e-6). */
function packPositions(values: Float32Array): { data: Int16Array; scale: number } {
  let max = 1e-6;
  for (const v of values) if (Number.isFinite(v)) max = Math.max(max, Math.abs(v));
  const data = Int16Array.from(values, (v) => (Number.isFinite(v) ? Math.round((v / max) * 32767) : 0));
  return { data, scale: max };
}
