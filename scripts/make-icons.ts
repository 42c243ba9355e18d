// Renders resources/icons/icon.svg (the one source of the app icon) into every file the builds use:
//   resources/icons/{16..1024}.png  Linux icon set (electron-builder reads sizes from the names)
//   resources/icon.png              512 px, window icon and fallback
//   resources/icon.ico              Windows, 16..256 (NSIS needs a 256 entry)
//   resources/icon.icns             macOS, 16..1024
// Run: node bin/run-ts.mjs scripts/make-icons.ts   (outputs are committed; rerun after editing the SVG)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { buildIcns, buildIco, ICO_SIZES, ICON_SIZES, type PngEntry } from './icon-containers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const iconsDir = join(root, 'resources', 'icons');

async function render(svg: Buffer, size: number): Promise<Uint8Array> {
  // Rasterise at a density that gives ≥ the target size, then downsample: crisper small sizes than
  // letting librsvg render straight at 16 px.
  const density = Math.max(72, Math.ceil((72 * size * 2) / 1024));
  return sharp(svg, { density }).resize(size, size, { kernel: 'lanczos3' }).png({ compressionLevel: 9 }).toBuffer();
}

async function main(): Promise<void> {
  const svg = readFileSync(join(iconsDir, 'icon.svg'));
  const entries: PngEntry[] = [];
  for (const size of ICON_SIZES) {
    const png = await render(svg, size);
    writeFileSync(join(iconsDir, `${size}.png`), png);
    entries.push({ size, png });
  }
  const bySize = new Map(entries.map((e) => [e.size, e.png]));
  writeFileSync(join(root, 'resources', 'icon.png'), bySize.get(512)!);
  writeFileSync(
    join(root, 'resources', 'icon.ico'),
    buildIco(entries.filter((e) => (ICO_SIZES as readonly number[]).includes(e.size))),
  );
  writeFileSync(join(root, 'resources', 'icon.icns'), buildIcns(entries));
  process.stdout.write(`icons written: ${ICON_SIZES.join(', ')} px, icon.png, icon.ico, icon.icns\n`);
}

await main();
