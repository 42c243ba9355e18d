// Journey 5: Export GIF gives the user a file that decodes to the requested frame count and size.
import { createRequire } from 'node:module';
import { expect, test } from './fixtures';
import { UI } from '../src/renderer/ui-names';
import { openBuiltinMnist, openTab, setSpin, trainShortRun } from './support/journeys';

interface GifFrameInfo {
  width: number;
  height: number;
}
interface GifReaderInstance {
  width: number;
  height: number;
  numFrames(): number;
  frameInfo(i: number): GifFrameInfo;
  decodeAndBlitFrameRGBA(i: number, out: Uint8Array): void;
}
// omggif ships no types; only GifReader is used.
const { GifReader } = createRequire(import.meta.url)('omggif') as {
  GifReader: new (bytes: Uint8Array) => GifReaderInstance;
};

test('Export GIF: the downloaded file decodes to the requested frames and size', async ({ app }) => {
  const { page } = app;
  await openBuiltinMnist(page);
  await trainShortRun(page, { images: 1500, epochs: 1 });
  await openTab(page, UI.tabs.explore);

  await setSpin(page, UI.explore.imageA, 3);
  await setSpin(page, UI.explore.imageB, 7);
  await setSpin(page, UI.explore.gifFrames, 9);
  await setSpin(page, UI.explore.gifFps, 12);
  await setSpin(page, UI.explore.gifSize, 96);
  await page.getByRole('checkbox', { name: UI.explore.pingpong }).uncheck();

  const bytes = await app.download(() => page.getByRole('button', { name: UI.explore.exportGif, exact: true }).click());
  expect(bytes.subarray(0, 6).toString('latin1')).toMatch(/^GIF8[79]a$/);
  const gif = new GifReader(new Uint8Array(bytes));
  expect(gif.numFrames()).toBe(9);
  expect([gif.width, gif.height]).toEqual([96, 96]);

  // The frames are a morph, not one picture repeated: first and last decode differently.
  const first = new Uint8Array(96 * 96 * 4);
  const last = new Uint8Array(96 * 96 * 4);
  gif.decodeAndBlitFrameRGBA(0, first);
  for (let i = 0; i < gif.numFrames(); i++) gif.decodeAndBlitFrameRGBA(i, last);
  expect(Buffer.from(first).equals(Buffer.from(last))).toBe(false);
  expect(app.pageErrors).toEqual([]);
});
