// The three.js side of the scatter's thumbnails: one THREE.Points of at most THUMBNAIL_MAX point
// sprites, each drawing its cell of one atlas texture inside a frame of its label colour. Drawn after the
// dots without a depth test, so a thumbnail covers its dot. While none is shown it holds no texture and
// draws nothing (the orbit frame rate of a zoomed-out cloud pays nothing for it).
import * as THREE from 'three';
import type { ImageBatch } from '../../shared/contract';
import { ThumbnailAtlas } from './thumbnail-atlas';
import { noThumbnails, type ThumbnailChoice } from './thumbnail-choice';

const VERTEX = /* glsl */ `
  attribute float cell;
  attribute float side;
  attribute vec3 tint;
  uniform float pixelRatio;
  uniform float frame;
  varying float vCell;
  varying float vBorder;
  varying vec3 vTint;
  void main() {
    vCell = cell;
    vTint = tint;
    vBorder = frame / side;
    gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
    gl_PointSize = side * pixelRatio;
  }`;
const FRAGMENT = /* glsl */ `
  uniform sampler2D atlas;
  uniform vec2 grid;
  varying float vCell;
  varying float vBorder;
  varying vec3 vTint;
  void main() {
    vec2 pc = gl_PointCoord;
    if (min(pc.x, pc.y) < vBorder || max(pc.x, pc.y) > 1.0 - vBorder) {
      gl_FragColor = vec4(vTint, 1.0);
      return;
    }
    // Cell numbers are whole floats; +0.5 keeps floor() off a rounding edge.
    float row = floor((vCell + 0.5) / grid.x);
    float col = vCell - row * grid.x;
    gl_FragColor = vec4(texture2D(atlas, (vec2(col, row) + pc) / grid).rgb, 1.0);
  }`;

/** The label-coloured frame, CSS px: the label stays readable on a thumbnail. */
const FRAME_PX = 1.5;

export class ScatterThumbnails {
  readonly object: THREE.Points;
  private readonly geometry = new THREE.BufferGeometry();
  private readonly material: THREE.ShaderMaterial;
  private atlas: ThumbnailAtlas | null = null;
  private texture: THREE.DataTexture | null = null;
  private shown: ThumbnailChoice = noThumbnails();

  constructor(pixelRatio: number) {
    this.material = new THREE.ShaderMaterial({
      vertexShader: VERTEX,
      fragmentShader: FRAGMENT,
      uniforms: {
        atlas: { value: null },
        grid: { value: new THREE.Vector2(1, 1) },
        pixelRatio: { value: pixelRatio },
        frame: { value: FRAME_PX },
      },
      depthTest: false,
      depthWrite: false,
    });
    this.object = new THREE.Points(this.geometry, this.material);
    this.object.frustumCulled = false;
    // After the dots (0), before the A/B rings (1).
    this.object.renderOrder = 0.5;
    this.object.visible = false;
  }

  /** The indices drawn now and their size (the test hook reads it). */
  current(): ThumbnailChoice {
    return this.shown;
  }

  /** Of the chosen indices, those whose images must still be fetched. */
  missing(choice: ThumbnailChoice): number[] {
    return this.atlas ? this.atlas.missing(choice.indices) : [...choice.indices];
  }

  /** Adds fetched images (`indices[k]` is image k of `batch`), keeping those `choice` still needs. */
  add(indices: number[], batch: ImageBatch, choice: ThumbnailChoice): void {
    if (indices.length === 0) return;
    if (!this.atlas || !this.atlas.fits(batch)) {
      this.clear();
      this.atlas = new ThumbnailAtlas(batch.width, batch.height);
    }
    this.atlas.add(indices, batch, new Set(choice.indices));
    if (!this.texture) {
      const a = this.atlas;
      this.texture = new THREE.DataTexture(a.data, a.width, a.height, THREE.RGBAFormat);
      this.texture.magFilter = THREE.NearestFilter;
      this.texture.minFilter = THREE.NearestFilter;
      this.texture.generateMipmaps = false;
      this.material.uniforms['atlas']!.value = this.texture;
      this.material.uniforms['grid']!.value = new THREE.Vector2(a.cols, a.rows);
    }
    this.texture.needsUpdate = true;
  }

  /**
   * Draws `choice` at the points' normalised `positions` (n×3) with their `colours` (n×3, the dots'
   * tints) as frames. Every chosen image must be in the atlas (see missing/add).
   */
  show(choice: ThumbnailChoice, positions: Float32Array, colours: Float32Array): void {
    const atlas = this.atlas;
    if (choice.indices.length === 0 || !atlas) {
      this.clear();
      return;
    }
    const k = choice.indices.length;
    const pos = new Float32Array(k * 3);
    const tint = new Float32Array(k * 3);
    const cell = new Float32Array(k);
    choice.indices.forEach((index, j) => {
      pos.set(positions.subarray(index * 3, index * 3 + 3), j * 3);
      tint.set(colours.subarray(index * 3, index * 3 + 3), j * 3);
      cell[j] = atlas.slot(index) ?? 0;
    });
    const side = Float32Array.from(choice.sizes);
    // The previous attributes' GPU buffers go with the old geometry upload; new ones are made at render.
    this.geometry.dispose();
    this.geometry.setAttribute('position', new THREE.BufferAttribute(pos, 3));
    this.geometry.setAttribute('tint', new THREE.BufferAttribute(tint, 3));
    this.geometry.setAttribute('cell', new THREE.BufferAttribute(cell, 1));
    this.geometry.setAttribute('side', new THREE.BufferAttribute(side, 1));
    this.object.visible = true;
    this.shown = choice;
  }

  /** Back to dots: the texture and the atlas are given back. */
  clear(): void {
    this.object.visible = false;
    this.shown = noThumbnails();
    this.texture?.dispose();
    this.texture = null;
    this.material.uniforms['atlas']!.value = null;
    this.atlas = null;
    for (const name of ['position', 'tint', 'cell', 'side']) this.geometry.deleteAttribute(name);
    // Drops the GPU buffers of the attributes just removed.
    this.geometry.dispose();
  }

  dispose(): void {
    this.clear();
    this.material.dispose();
  }
}
