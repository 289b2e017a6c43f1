import { assetPathFor } from './asset-path';

describe('assetPathFor', () => {
  it.each([
    ['/', 'index.html'],
    ['/index.html', 'index.html'],
    ['/main.js', 'main.js'],
    ['/styles.css', 'styles.css'],
    ['/assets/logo.svg', 'assets/logo.svg'],
    ['/main.js.map', 'main.js.map'],
  ])('serves %s as %s', (path, file) => {
    expect(assetPathFor(path)).toBe(file);
  });

  it.each([
    '/../etc/passwd',
    '/assets/../../secret',
    '/%2e%2e/etc/passwd',
    '/%2E%2E%2Fetc%2Fpasswd',
    '/..%2fpackage.json',
    '/.%2e/package.json',
    '/assets/./main.js',
    '/.env',
    '/..',
    '//etc/passwd',
    '/C:/Windows/win.ini',
    '/..\\..\\package.json',
    '/main.js%00.png',
    '/main.js\u0000',
    '/%E0%A4%A',
    'main.js',
    '/assets//main.js',
    '/<script>.js',
  ])('refuses %j', (path) => {
    expect(assetPathFor(path)).toBeUndefined();
  });
});
