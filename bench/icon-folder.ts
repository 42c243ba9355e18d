// The conv benchmark's real RGB folder: Debian's Oxygen icon theme (apt-get install -y
// oxygen-icon-theme), its 64, 128 and 256 px PNG renders, flattened onto black and resized to
// SIDE px RGB PNGs with sharp, written once as train/<category>/ and test/<category>/ (every 10th
// image is a test image). Both sides of the benchmark then read identical pixels with no resize
// and no alpha, so their loaders cannot differ; the test folder is the same for both.
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import sharp from 'sharp';

export const OXYGEN_DIR = '/usr/share/icons/oxygen/base';
const RENDERS = ['64x64', '128x128', '256x256'];

export interface IconFolder {
  train: string;
  test: string;
  trainCount: number;
  testCount: number;
  source: string;
}

function pngsUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...pngsUnder(p));
    else if (e.isFile() && e.name.endsWith('.png')) out.push(p);
  }
  return out;
}

const count = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((a, e) => a + (e.isDirectory() ? count(join(dir, e.name)) : 1), 0);

/** Makes (or reuses) the folder under `root`; throws with the apt line when the theme is missing. */
export async function iconFolder(root: string, side: number): Promise<IconFolder> {
  if (!existsSync(OXYGEN_DIR)) throw new Error(`${OXYGEN_DIR} is missing (apt-get install -y oxygen-icon-theme)`);
  const dir = join(root, `oxygen-${side}`);
  const source = `Oxygen icon theme (${OXYGEN_DIR}/{${RENDERS.join(',')}}), flattened onto black, ${side} px RGB`;
  if (!existsSync(join(dir, 'done'))) {
    const tmp = `${dir}.tmp-${process.pid}`;
    await rm(tmp, { recursive: true, force: true });
    const files = RENDERS.flatMap((r) => (existsSync(join(OXYGEN_DIR, r)) ? pngsUnder(join(OXYGEN_DIR, r)) : []));
    const batch = 16;
    for (let s = 0; s < files.length; s += batch) {
      await Promise.all(
        files.slice(s, s + batch).map(async (file, k) => {
          const i = s + k;
          const [render, category] = relative(OXYGEN_DIR, file).split('/') as [string, string];
          const out = join(tmp, i % 10 === 9 ? 'test' : 'train', category);
          await mkdir(out, { recursive: true });
          const name = `${render}-${relative(join(OXYGEN_DIR, render, category), file).replaceAll('/', '-')}`;
          await sharp(file)
            .flatten({ background: '#000000' })
            .resize(side, side, { fit: 'fill' })
            .removeAlpha()
            .png()
            .toFile(join(out, name));
        }),
      );
    }
    await writeFile(join(tmp, 'done'), source);
    await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir);
  }
  return {
    train: join(dir, 'train'),
    test: join(dir, 'test'),
    trainCount: count(join(dir, 'train')),
    testCount: count(join(dir, 'test')),
    source,
  };
}
