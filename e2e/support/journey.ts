import type { Locator, Page } from 'playwright-core';

/**
 * The steps of the trader's journey, as a trader takes them: by labels, roles and the `data-testid`s that
 * DESIGN.md fixes. The end-to-end test asserts between them; the screenshot script photographs them.
 */

export async function signIn(page: Page, password: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your graphs' }).waitFor();
}

export const canvasNode = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

export async function startFromTemplate(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: `Start from ${name}` }).click();
  await page.getByTestId('validation-panel').waitFor();
}

/** Selects the per-leg risk node and sets its stop-loss value in the inspector (committed on blur). */
export async function setLegStop(page: Page, nodeId: string, value: number): Promise<void> {
  await canvasNode(page, nodeId).click();
  const stop = page.getByRole('complementary', { name: 'Inspector' }).getByRole('group', { name: 'Stop loss' }).getByLabel('Value', { exact: true });
  await stop.fill(String(value));
  await stop.press('Tab');
}

export async function save(page: Page): Promise<void> {
  await page.getByTestId('save').click();
  await page
    .getByRole('status')
    .filter({ hasText: /^Saved$/ })
    .waitFor();
}

/** Runs the prefilled sample signal (the TradingView alert message) against the draft. */
export async function testRun(page: Page): Promise<void> {
  await page.getByTestId('test-run').click();
  await page.getByText(/^Run completed in/).waitFor();
}

export async function publish(page: Page): Promise<void> {
  await page.getByTestId('publish').click();
  await page.getByText(/^Published version \d+\.$/).waitFor();
}

/** Deploys the latest version to SIM; the webhook URL and secret as the dialog shows them. */
export async function deployToSim(page: Page): Promise<{ url: string; secret: string }> {
  await page.getByTestId('deploy').click();
  const dialog = page.getByRole('dialog', { name: 'Deploy' });
  await dialog.getByRole('radio', { name: /^SIM/ }).check();
  await dialog.getByRole('button', { name: 'Deploy to SIM' }).click();
  const done = page.getByRole('dialog', { name: 'Deployed' });
  const url = await done.getByRole('textbox', { name: 'Webhook URL' }).inputValue();
  const secret = await done.getByRole('textbox', { name: 'Secret' }).inputValue();
  return { url, secret };
}

export async function openLiveView(page: Page): Promise<void> {
  await page.getByRole('dialog', { name: 'Deployed' }).getByRole('button', { name: 'Open the live view' }).click();
  await page.getByRole('status').filter({ hasText: '● Live' }).waitFor();
}

/** What TradingView does when the alert fires: POST the alert message, placeholders filled. */
export async function sendAlert(url: string, secret: string, action = 'ENTRY'): Promise<{ status: number; body: unknown }> {
  const body = { secret, action, symbol: 'NIFTY', price: '25880.50', qty: '1', position: 'short', time: new Date().toISOString(), id: `e2e-${Date.now()}` };
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

async function cells(rows: Locator): Promise<string[][]> {
  const out: string[][] = [];
  for (const row of await rows.all()) out.push(await row.locator('td').allTextContents());
  return out;
}

/** A table's body rows as cell texts. */
export const tableRows = (page: Page, testId: string) => cells(page.getByTestId(testId).locator('tbody tr'));

/** The legs of every position group, as cell texts. */
export const positionLegs = (page: Page) => cells(page.getByTestId('position-leg'));
