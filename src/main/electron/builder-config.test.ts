// The electron-builder configuration, loaded and validated by electron-builder's own code (the same
// functions `electron-builder` runs first), plus every file it points at: icons read back with
// sharp at every size, the ICO and ICNS containers parsed, the dataset it ships.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ICNS_TYPES, ICON_SIZES, ICO_SIZES } from '../../../scripts/icon-containers.js';

const root = join(import.meta.dirname, '..', '..', '..');
const require = createRequire(import.meta.url);

interface BuilderConfigModule {
  getConfig(
    projectDir: string,
    configPath: string | null,
    configFromOptions: unknown,
  ): Promise<Record<string, unknown>>;
  validateConfiguration(
    config: unknown,
    debugLogger: { isEnabled: boolean; add(k: string, v: unknown): void },
  ): Promise<void>;
}
const builder = require('app-builder-lib/out/util/config/config.js') as BuilderConfigModule;
const quietLogger = { isEnabled: false, add: () => undefined };

interface Config {
  appId: string;
  productName: string;
  directories: { buildResources: string; output: string };
  /** Normalised by getConfig into file sets. */
  files: { filter: string[] }[];
  extraResources: { from: string; to: string; filter?: string[] }[];
  asar: boolean;
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
}

async function loadConfig(): Promise<Config> {
  const config = await builder.getConfig(root, null, null);
  await builder.validateConfiguration(config, quietLogger);
  return config as unknown as Config;
}

describe('electron-builder configuration', () => {
  it('is the file electron-builder loads, and passes its schema validation', async () => {
    const config = await loadConfig();
    expect(config.appId).toBe('org.latentexplorer.app');
    expect(config.productName).toBe('Latent Explorer');
  });

  it('is rejected by the same validation when an option is misspelt (the check is live)', async () => {
    const config = await builder.getConfig(root, null, null);
    const broken = { ...config, linux: { ...(config['linux'] as object), tragets: ['AppImage'] } };
    await expect(builder.validateConfiguration(broken, quietLogger)).rejects.toThrow(
      /Invalid configuration object[\s\S]*configuration\.linux/,
    );
  });

  it('targets AppImage + deb, NSIS and dmg', async () => {
    const c = await loadConfig();
    expect([...c.linux.target].sort()).toEqual(['AppImage', 'deb']);
    expect(c.win.target).toEqual(['nsis']);
    expect(c.mac.target).toEqual(['dmg']);
  });

  it('sets the Electron fuses', async () => {
    const c = await loadConfig();
    expect(c.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });

  it('packs the built app in an asar and unpacks native and wasm modules', async () => {
    const c = await loadConfig();
    expect(c.asar).toBe(true);
    const files = c.files.flatMap((set) => set.filter);
    expect(files).toContain('out/**/*');
    expect(files).toContain('package.json');
    for (const mod of ['sharp', '@img', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', 'onnxruntime-node']) {
      expect(c.asarUnpack).toContain(`**/node_modules/${mod}/**/*`);
    }
    expect(c.asarUnpack).toContain('**/node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm');
    // The wasm pattern matches real files of the installed backend.
    const wasmDir = join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
    expect(readdirSync(wasmDir).filter((f) => f.endsWith('.wasm')).length).toBeGreaterThan(0);
  });

  it("package.json's main is the bundle electron-vite writes from src/main/electron/main.ts", () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string; productName: string };
    expect(pkg.main).toBe('out/main/index.js');
    expect(pkg.productName).toBe('Latent Explorer');
    const viteConfig = readFileSync(join(root, 'electron.vite.config.ts'), 'utf8');
    expect(viteConfig).toMatch(/index: resolve\(root, 'src\/main\/electron\/main\.ts'\)/);
  });

  it('ships the built-in MNIST as an extra resource named mnist', async () => {
    const c = await loadConfig();
    const mnist = c.extraResources.find((r) => r.to === 'mnist');
    expect(mnist?.from).toBe('resources/mnist');
    const files = readdirSync(join(root, mnist!.from)).sort();
    expect(files).toEqual([
      't10k-images-idx3-ubyte.gz',
      't10k-labels-idx1-ubyte.gz',
      'train-images-idx3-ubyte.gz',
      'train-labels-idx1-ubyte.gz',
    ]);
    for (const f of files) expect(statSync(join(root, mnist!.from, f)).size).toBeGreaterThan(0);
  });
});

describe('app icons', () => {
  it('has the SVG source and a Linux PNG set at every size, each with its pixel size', async () => {
    const c = await loadConfig();
    expect(existsSync(join(root, 'resources/icons/icon.svg'))).toBe(true);
    const dir = join(root, c.linux.icon);
    for (const size of ICON_SIZES) {
      const meta = await sharp(join(dir, `${size}.png`)).metadata();
      expect([meta.format, meta.width, meta.height, meta.channels]).toEqual(['png', size, size, 4]);
    }
    const main = await sharp(join(root, 'resources/icon.png')).metadata();
    expect([main.width, main.height]).toEqual([512, 512]);
  });

  it('icons are real pictures: opaque in the middle, transparent in the corners', async () => {
    const { data, info } = await sharp(join(root, 'resources/icons/256.png'))
      .raw()
      .toBuffer({ resolveWithObject: true });
    const alpha = (x: number, y: number): number => data[(y * info.width + x) * info.channels + 3]!;
    expect(alpha(128, 128)).toBe(255);
    expect(alpha(0, 0)).toBe(0);
    expect(alpha(255, 255)).toBe(0);
    const stats = await sharp(join(root, 'resources/icons/256.png')).stats();
    // Several colours, not a flat square: each colour channel varies.
    for (const ch of stats.channels.slice(0, 3)) expect(ch.stdev).toBeGreaterThan(10);
  });

  it('icon.ico holds PNG entries 16..256 whose directory sizes match the decoded images', async () => {
    const c = await loadConfig();
    const buf = readFileSync(join(root, c.win.icon));
    expect([buf.readUInt16LE(0), buf.readUInt16LE(2)]).toEqual([0, 1]);
    const count = buf.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const at = 6 + 16 * i;
      const side = buf[at] || 256;
      expect(buf[at + 1] || 256).toBe(side);
      const length = buf.readUInt32LE(at + 8);
      const offset = buf.readUInt32LE(at + 12);
      expect(offset + length).toBeLessThanOrEqual(buf.length);
      const meta = await sharp(buf.subarray(offset, offset + length)).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', side, side]);
      sizes.push(side);
    }
    expect(sizes).toEqual([...ICO_SIZES]);
  });

  it('icon.icns holds a PNG of the right size under each OSType and nothing else', async () => {
    const c = await loadConfig();
    const buf = readFileSync(join(root, c.mac.icon));
    expect(buf.toString('ascii', 0, 4)).toBe('icns');
    expect(buf.readUInt32BE(4)).toBe(buf.length);
    const expected = new Map(ICNS_TYPES.map((t) => [t.type, t.size]));
    const seen: string[] = [];
    for (let at = 8; at < buf.length;) {
      const type = buf.toString('ascii', at, at + 4);
      const length = buf.readUInt32BE(at + 4);
      expect(length).toBeGreaterThan(8);
      const meta = await sharp(buf.subarray(at + 8, at + length)).metadata();
      expect(expected.get(type), `unexpected entry ${type}`).toBeDefined();
      expect([meta.format, meta.width]).toEqual(['png', expected.get(type)]);
      seen.push(type);
      at += length;
    }
    expect(seen).toEqual(ICNS_TYPES.map((t) => t.type));
  });
});
