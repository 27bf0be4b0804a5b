/**
 * `npm run screenshots`: the journey of `journey.e2e.test.ts` in headless Chromium, photographed into
 * docs/screenshots/ (canvas, test-run trace, deploy form and dialog, live view).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildEditor } from '../testing/build-editor.ts';
import {
  canvasNode,
  deployToSim,
  openLiveView,
  positionLegs,
  publish,
  save,
  sendAlert,
  setLegStop,
  signIn,
  startFromTemplate,
  testRun,
} from './support/journey.ts';
import { openSession } from '../testing/browser-session.ts';

const OUT = join(import.meta.dirname, '..', 'docs', 'screenshots');

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  await buildEditor();
  const s = await openSession();
  const { page } = s;
  const shot = async (name: string, fullPage = false) => {
    await page.screenshot({ path: join(OUT, `${name}.png`), fullPage });
    process.stdout.write(`docs/screenshots/${name}.png\n`);
  };
  try {
    await signIn(page, s.password);
    await startFromTemplate(page, 'NIFTY short straddle on TradingView');
    await setLegStop(page, 'sl', 30);
    await canvasNode(page, 'straddle').click();
    await shot('canvas');

    await save(page);
    await testRun(page);
    await canvasNode(page, 'sl').click();
    await shot('test-run');

    await publish(page);
    // The deploy form with its schedule open; deployed without one, since the alert below may come at any hour.
    await page.getByTestId('deploy').click();
    const form = page.getByRole('dialog', { name: 'Deploy' });
    await form.getByRole('checkbox', { name: 'Take signals only on chosen days and hours' }).check();
    await shot('deploy-form');
    await form.getByRole('button', { name: 'Cancel' }).click();
    const { url, secret } = await deployToSim(page);
    await shot('deploy');
    await openLiveView(page);
    await sendAlert(url, secret);
    while ((await positionLegs(page)).length < 2) await page.waitForTimeout(200);
    // Ten seconds of ticks, so the underlying, the premium and the MTM have drawn a line.
    await page.waitForTimeout(10_000);
    await shot('live-view', true);
  } finally {
    await s.close();
  }
}

await main();
