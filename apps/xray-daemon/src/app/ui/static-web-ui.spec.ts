import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { staticWebUi } from './static-web-ui';

describe('staticWebUi', () => {
  const base = mkdtempSync(join(tmpdir(), 'viewer-'));
  const dir = join(base, 'xray-viewer');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  writeFileSync(join(dir, 'main.js'), 'console.log(1)');
  writeFileSync(join(dir, 'assets', 'logo.svg'), '<svg/>');
  writeFileSync(join(base, 'secret.txt'), 'secret');
  const warnings: string[] = [];
  const ui = staticWebUi(dir, (message) => warnings.push(message));

  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('serves files with their content type and the security headers', () => {
    const page = ui('/');
    expect(page).toMatchObject({ contentType: 'text/html; charset=utf-8', body: Buffer.from('<!doctype html>') });
    expect(page?.headers?.['Content-Security-Policy']).toContain("default-src 'self'");
    expect(page?.headers?.['Content-Security-Policy']).not.toContain('unsafe-inline');
    expect(page?.headers?.['X-Content-Type-Options']).toBe('nosniff');
    expect(ui('/main.js')?.contentType).toBe('text/javascript; charset=utf-8');
    expect(ui('/assets/logo.svg')?.contentType).toBe('image/svg+xml');
  });

  it('answers nothing for missing files, folders and paths outside the directory', () => {
    expect(ui('/nope.js')).toBeUndefined();
    expect(ui('/assets')).toBeUndefined();
    expect(ui('/../secret.txt')).toBeUndefined();
    expect(ui('/%2e%2e/secret.txt')).toBeUndefined();
  });

  it('explains a missing build with a 404 and warns once', () => {
    const missing = staticWebUi(join(base, 'not-built'), (message) => warnings.push(message));
    const answer = missing('/');
    expect(answer?.status).toBe(404);
    expect(JSON.parse(String(answer?.body))).toMatchObject({ error: 'ui_not_built' });
    missing('/');
    expect(warnings.filter((line) => line.includes('web UI not built'))).toHaveLength(1);
    expect(missing('/main.js')).toBeUndefined();
  });
});
