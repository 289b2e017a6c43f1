import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { assetPathFor } from './asset-path';
import { contentTypeFor } from './content-type';
import { UI_SECURITY_HEADERS } from './ui-security-headers';
import type { UiAsset, WebUi } from './web-ui';

/** Reads one file if it is a regular file strictly inside `root`; undefined otherwise. */
function readInside(root: string, file: string): Buffer | undefined {
  const full = resolve(root, file);
  const rel = relative(root, full);
  if (rel === '' || rel.startsWith('..') || rel.split(sep).includes('..')) return undefined;
  try {
    return statSync(full).isFile() ? readFileSync(full) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The built viewer (`dist/apps/xray-viewer`) served from disk: each request reads its file, so
 * a rebuild shows up on reload. Only whitelisted names inside `dir` are read (see assetPathFor).
 * If the viewer is not built, `/` answers a 404 that says how to build it, and that is logged once.
 */
export function staticWebUi(dir: string, warn: (message: string) => void): WebUi {
  const root = resolve(dir);
  let warned = false;
  const notBuilt = (): UiAsset => {
    if (!warned)
      warn(`web UI not built: ${join(root, 'index.html')} is missing (run: npx nx build xray-viewer, or set --ui-dir)`);
    warned = true;
    return {
      status: 404,
      contentType: 'application/json',
      body: JSON.stringify({
        error: 'ui_not_built',
        message:
          'The trace viewer is not built. Run `npx nx build xray-viewer` (or `npm run build`), or point --ui-dir / XRAY_DAEMON_UI_DIR at a built viewer.',
        uiDir: root,
      }),
      headers: UI_SECURITY_HEADERS,
    };
  };
  return (path) => {
    const file = assetPathFor(path);
    if (file === undefined) return undefined;
    const body = readInside(root, file);
    if (body === undefined)
      return file === 'index.html' && !existsSync(join(root, 'index.html')) ? notBuilt() : undefined;
    return { contentType: contentTypeFor(file), body, headers: UI_SECURITY_HEADERS };
  };
}
