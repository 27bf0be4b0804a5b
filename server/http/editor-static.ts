import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';

/** Where `npm run build:editor` writes the editor. */
export const EDITOR_DIST = join(import.meta.dirname, '..', '..', 'editor', 'dist');

/** Paths that belong to the API, the webhooks and the WebSocket: never answered with the editor's page. */
const NOT_EDITOR = /^\/(api|hooks|ws)(\/|$)/;

/**
 * Serves the built editor: its hashed assets cached for good, and `index.html` for every other page path
 * (the editor routes in the browser). Without a build, page paths say how to make one.
 */
export function mountEditor(app: Express, dist = EDITOR_DIST): void {
  const index = join(dist, 'index.html');
  app.use(
    express.static(dist, {
      index: false,
      setHeaders(res, path) {
        // Vite names assets by content hash, so a changed file is a new URL.
        res.setHeader('Cache-Control', path.includes(`${join(dist, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  app.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_EDITOR.test(req.path)) return next();
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('The editor is not built yet: run `npm run build:editor` (npm install does it), then reload.');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
