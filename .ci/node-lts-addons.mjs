// Preloaded by .ci/node-lts.sh (NODE_OPTIONS=--import) into every process and worker thread of the test run on the
// current Node LTS. A native addon is built for one Node ABI: the checkout's (for Node 20, which `npm test` uses)
// must stay as it is, so a package's build/ is taken from LEGFLOW_LTS_ADDONS/<package>/build/ instead, where that
// script rebuilt the package for this Node. Only the compiled files move; the package's JavaScript is the checkout's.
import { existsSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const checkout = new URL('../node_modules/', import.meta.url).href;
const rebuilt = pathToFileURL(`${process.env.LEGFLOW_LTS_ADDONS}/`).href;
const buildOf = /^((?:@[^/]+\/)?[^/]+)\/build\//;

registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    const inside = resolved.url.startsWith(checkout) ? resolved.url.slice(checkout.length) : '';
    const pkg = buildOf.exec(inside)?.[1];
    if (!pkg || !existsSync(fileURLToPath(`${rebuilt}${pkg}/build/`))) return resolved;
    return { ...resolved, url: `${rebuilt}${inside}` };
  },
});
