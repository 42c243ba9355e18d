// Journey 14: the engine process dies during training (kill -9 of the real OS process, as the
// system's OOM killer would do it). Nothing else does: the page stays and says in words what
// happened, a new engine process runs, the dataset is back, the last checkpoint is open and
// explorable, and a new run trains to its end.
import { expect, test } from './fixtures';
import { UI } from '../src/renderer/ui-names';
import {
  contrast,
  datasetCount,
  openBuiltinMnist,
  openTab,
  pixelsOf,
  setInterpolation,
  startTraining,
  trainShortRun,
} from './support/journeys';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('kill -9 of the engine while training: the page stays, says so, and everything comes back', async ({ app }) => {
  const { page } = app;
  await openBuiltinMnist(page);
  const killed = await app.enginePid();

  // A run long enough to be killed in its second epoch, after the first epoch's checkpoint.
  await startTraining(page, { images: 0, epochs: 5 });
  await expect(page.getByRole('status', { name: UI.train.status })).toContainText(/epoch 2\s*\/\s*5/i, {
    timeout: 120_000,
  });
  process.kill(killed, 'SIGKILL');

  await test.step('the page says in words what happened and what was kept', async () => {
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('The engine stopped unexpectedly: it was killed (SIGKILL)', { timeout: 60_000 });
    await expect(alert).toContainText('it was restarted and the dataset reloaded');
    await expect(alert).toContainText(/the last checkpoint from epoch [1-5] is kept and open/);
  });
  const alertText = (await page.getByRole('alert').textContent()) ?? '';
  const epochs = Number(/from epoch (\d+)/.exec(alertText)![1]);

  await test.step('a new engine process runs', async () => {
    expect(alive(killed)).toBe(false);
    const fresh = await app.enginePid();
    expect(fresh).not.toBe(killed);
    expect(alive(fresh)).toBe(true);
  });

  await test.step('the dataset is back', async () => {
    await openTab(page, UI.tabs.data);
    await expect(page.getByRole('region', { name: UI.data.summary })).toContainText('10,000 images');
    expect(await datasetCount(page)).toBe(10_000);
  });

  await test.step('the last checkpoint is open: its epochs are shown and it decodes digits', async () => {
    await openTab(page, UI.tabs.train);
    await expect(page.getByRole('button', { name: UI.train.train, exact: true })).toBeEnabled({ timeout: 60_000 });
    await expect(page.getByRole('figure', { name: UI.train.elboChart })).toHaveAttribute('data-points', String(epochs));
    await openTab(page, UI.tabs.explore);
    await expect(page.getByRole('img', { name: UI.explore.scatter })).toHaveAttribute('data-point-count', '10000', {
      timeout: 60_000,
    });
    await setInterpolation(page, 0.5);
    const image = page.getByRole('img', { name: UI.explore.interpolated, exact: true });
    await expect.poll(async () => contrast(await pixelsOf(image)), { timeout: 30_000 }).toBeGreaterThan(10);
  });

  await test.step('a new run trains to its end', async () => {
    await page.getByRole('button', { name: 'Dismiss error' }).click();
    await trainShortRun(page, { images: 500, epochs: 1 });
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  await test.step('a crash while nothing runs is said too', async () => {
    const idle = await app.enginePid();
    process.kill(idle, 'SIGKILL');
    await expect(page.getByRole('alert')).toContainText(
      /The engine stopped unexpectedly: it was killed \(SIGKILL\).*the last checkpoint from epoch 1 is kept and open/,
      { timeout: 60_000 },
    );
    await expect.poll(() => app.enginePid()).not.toBe(idle);
  });
  expect(app.pageErrors).toEqual([]);
});
