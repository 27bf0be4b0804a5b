import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { buildEditor } from '../testing/build-editor.ts';
import { openSession } from '../testing/browser-session.ts';
import { generatedGraph } from './editor-graph.ts';
import { ROOT } from '../testing/legflow-process.ts';
import { printTable, quantile } from './table.ts';

const CHAINS = 60;
const NODES = CHAINS * 5;
const LOADS = 5;
const PAN_MS = 3_000;
const WARM_UP_MS = 500;

/**
 * `npm run bench -- editor`: builds the editor, opens a generated 300-node graph in headless Chromium
 * against `legflow start`, and prints the time until every node is drawn (from navigation start, five
 * loads), the frames per second while dragging the canvas for 3 s, and the gzipped initial JavaScript.
 */
export default async function editorBench(): Promise<void> {
  await buildEditor();
  const s = await openSession();
  try {
    const { page, context, base } = s;
    const login = await context.request.post(`${base}/api/auth/login`, { data: { username: 'admin', password: s.password } });
    if (!login.ok()) throw new Error(`sign-in failed: ${login.status()}`);
    const types = (await (await context.request.get(`${base}/api/node-types`)).json()) as Array<{ type: string; defaults: Record<string, unknown> }>;
    const graph = generatedGraph(CHAINS, new Map(types.map((t) => [t.type, t.defaults])));
    const created = await context.request.post(`${base}/api/graphs`, { data: { graph } });
    const { id } = (await created.json()) as { id: string };

    const renders: number[] = [];
    for (let i = 0; i < LOADS; i++) renders.push(await timeToAllNodes(page, `/graphs/${id}`));
    const pan = await panFps(page);
    const js = initialJs();
    printTable(`Editor, ${NODES}-node graph in headless Chromium (targets: render < 1.5 s, pan ≥ 50 fps, initial JS < 400 KB gzipped)`, [
      {
        'first render ms (cold)': Math.round(renders[0]!),
        [`render ms median of ${LOADS}`]: Math.round(quantile(renders, 0.5)),
        'render ms worst': Math.round(Math.max(...renders)),
        'pan fps (3 s)': Math.round(pan.fps * 10) / 10,
        'pan worst frame ms': Math.round(pan.worstFrameMs * 10) / 10,
        'initial JS gzip KB': Math.round(js.gzipBytes / 1024),
        files: js.files,
      },
    ]);
  } finally {
    await s.close();
  }
}

/** Navigates to the graph and returns ms from navigation start until all nodes are drawn (measured, visible). */
async function timeToAllNodes(page: Page, path: string): Promise<number> {
  await page.goto(path, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    `(() => {
      const nodes = document.querySelectorAll('.react-flow__node');
      if (nodes.length < ${NODES}) return false;
      for (const n of nodes) if (getComputedStyle(n).visibility === 'hidden') return false;
      return performance.now();
    })()`,
    undefined,
    { polling: 'raf', timeout: 30_000 },
  );
  return (await handle.jsonValue()) as number;
}

/**
 * Drags the canvas to and fro with the mouse for half a second (the first drag after a load pays for
 * warming up), then for 3 s counting animation frames in the page.
 */
async function panFps(page: Page): Promise<{ fps: number; worstFrameMs: number }> {
  const spot = await page.evaluate<{ x: number; y: number } | null>(`(() => {
    const pane = document.querySelector('.react-flow__pane').getBoundingClientRect();
    for (let y = pane.top + 20; y < pane.bottom - 20; y += 7)
      for (let x = pane.left + 20; x < pane.right - 220; x += 7)
        if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
    return null;
  })()`);
  if (!spot) throw new Error('no empty spot on the canvas to drag');
  await drag(page, spot, WARM_UP_MS);
  await page.evaluate(`(() => {
    window.__frames = [];
    const tick = (t) => { window.__frames.push(t); if (!window.__stopFrames) requestAnimationFrame(tick); };
    window.__stopFrames = false;
    requestAnimationFrame(tick);
  })()`);
  await drag(page, spot, PAN_MS);
  const frames = await page.evaluate<number[]>('(() => { window.__stopFrames = true; return window.__frames; })()');
  const gaps = frames.slice(1).map((t, i) => t - frames[i]!);
  const span = (frames[frames.length - 1]! - frames[0]!) / 1000;
  return { fps: (frames.length - 1) / span, worstFrameMs: Math.max(...gaps) };
}

/** 200 px one way and back, in 10 px steps, as a hand drags, for `ms`. */
async function drag(page: Page, from: { x: number; y: number }, ms: number): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  const started = Date.now();
  for (let step = 0; Date.now() - started < ms; step++) {
    const phase = step % 40;
    const dx = phase < 20 ? phase * 10 : (40 - phase) * 10;
    await page.mouse.move(from.x + dx, from.y + dx / 2);
  }
  await page.mouse.up();
}

/** The JavaScript `index.html` loads at once (its module script and preloads), gzipped as a server would send it. */
function initialJs(): { gzipBytes: number; files: number } {
  const dist = join(ROOT, 'editor', 'dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const paths = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+\.js)"/g)].map((m) => m[1]!);
  const gzipBytes = paths.reduce((sum, p) => sum + gzipSync(readFileSync(join(dist, p.replace(/^\//, '')))).length, 0);
  return { gzipBytes, files: paths.length };
}
