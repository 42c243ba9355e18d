// The three.js side of the latent scatter: one THREE.Points for all codes, rendered on demand, picked on
// the GPU through an id-colour render target (no raycasting over tens of thousands of points).
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { idColours, pickNearest } from './pick-id';
import { identityOrder, inverseOrder, permuteRows, shuffledOrder } from './draw-order';
import { countScatterView, type GlResources } from './test-hook';

const VERTEX = /* glsl */ `
  attribute vec3 tint;
  attribute float shown;
  uniform float size;
  uniform float pixelRatio;
  varying vec3 vTint;
  void main() {
    vTint = tint;
    if (shown < 0.5) { gl_Position = vec4(2.0, 2.0, 2.0, 1.0); gl_PointSize = 0.0; return; }
    vec4 mv = modelViewMatrix * vec4(position, 1.0);
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
  /** Per drawn slot (see draw-order.ts). */
  private shown = new Float32Array(0);
  /** slot → data index, and back. */
  private order: Uint32Array = new Uint32Array(0);
  private slotOf: Uint32Array = new Uint32Array(0);
  private count = 0;
  private frame = 0;
  private frameTimes: number[] = [];
  private background = new THREE.Color('#1b1f26');
  private disposed = false;

  constructor(private readonly canvas: HTMLCanvasElement) {
    countScatterView(1);
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: false, powerPreference: 'high-performance' });
    this.renderer.setPixelRatio(Math.min(2, window.devicePixelRatio || 1));
    this.camera.position.set(0, 0, 3.2);
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.enableDamping = false;
    this.controls.zoomSpeed = 1.2;
    this.controls.addEventListener('change', () => this.requestRender());
    this.controls.saveState();

    const uniforms = () => ({ size: { value: 3 }, pixelRatio: { value: this.renderer.getPixelRatio() } });
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
    this.scene.add(new THREE.Points(this.geometry, this.material));
    this.pickScene.add(new THREE.Points(this.geometry, this.pickMaterial));
    const markers = new THREE.Points(this.markerGeometry, this.markerMaterial);
    markers.renderOrder = 1;
    markers.frustumCulled = false;
    this.scene.add(markers);

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
    this.shown = new Float32Array(this.count).fill(1);
    this.geometry.setAttribute('position', new THREE.BufferAttribute(permuteRows(positions, this.order, 3), 3));
    this.geometry.setAttribute('tint', new THREE.BufferAttribute(permuteRows(colours, this.order, 3), 3));
    this.geometry.setAttribute('shown', new THREE.BufferAttribute(this.shown, 1));
    this.geometry.computeBoundingSphere();
    // The pick pass reads the id colours through the same attribute name, on its own geometry view.
    this.pickScene.clear();
    const pickGeometry = new THREE.BufferGeometry();
    pickGeometry.setAttribute('position', this.geometry.getAttribute('position'));
    pickGeometry.setAttribute('shown', this.geometry.getAttribute('shown'));
    pickGeometry.setAttribute('tint', new THREE.BufferAttribute(idColours(this.count, this.order), 3));
    this.pickGeometry?.dispose();
    this.pickGeometry = pickGeometry;
    this.pickScene.add(new THREE.Points(pickGeometry, this.pickMaterial));
    const size = Math.max(2, Math.min(6, 9 - 1.5 * Math.log10(Math.max(10, this.count))));
    this.material.uniforms['size']!.value = size;
    const round = size >= 3;
    if (round !== 'ROUND_POINTS' in this.material.defines) {
      if (round) this.material.defines['ROUND_POINTS'] = 1;
      else delete this.material.defines['ROUND_POINTS'];
      this.material.needsUpdate = true;
    }
    this.pickMaterial.uniforms['size']!.value = size + 2;
    // A new projection moves every point: the A/B/hover rings follow their points.
    this.placeMarkers();
    this.requestRender();
  }
  private pickGeometry: THREE.BufferGeometry | null = null;

  /** Hides the points whose label is in `hidden`. */
  setHiddenLabels(labels: Int32Array, hidden: ReadonlySet<number>): void {
    if (labels.length !== this.count) return;
    for (let slot = 0; slot < this.count; slot++) this.shown[slot] = hidden.has(labels[this.order[slot]!]!) ? 0 : 1;
    const attr = this.geometry.getAttribute('shown');
    if (attr) attr.needsUpdate = true;
    this.requestRender();
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
  }

  resetView(): void {
    this.controls.reset();
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
      const step = (t: number): void => {
        if (this.disposed) return resolve(0);
        if (start === 0) start = t;
        else frames++;
        if (t - start >= ms) return resolve((frames * 1000) / (t - start));
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

  /** The index of the point drawn under the CSS-pixel position (x, y) of the canvas, or -1. */
  pick(x: number, y: number): number {
    if (this.count === 0) return -1;
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
