import { MAX_STACK_FRAMES, parseStackTrace } from './stack-trace';

describe('parseStackTrace', () => {
  it('reads Node, Java and Python frames and skips other lines', () => {
    const text = [
      'Error: boom',
      '    at handler (/app/h.js:10:3)',
      '    at /app/anon.js:4:1',
      '\tat com.example.Svc.run(Svc.java:42)',
      '  File "app.py", line 7, in main',
      '    at new Promise (<anonymous>)',
    ].join('\n');
    expect(parseStackTrace(text)).toEqual({
      stack: [
        { label: 'handler', path: '/app/h.js', line: 10 },
        { path: '/app/anon.js', line: 4 },
        { label: 'com.example.Svc.run', path: 'Svc.java', line: 42 },
        { label: 'main', path: 'app.py', line: 7 },
        { label: 'new Promise', path: '<anonymous>' },
      ],
    });
  });
  it(`keeps ${MAX_STACK_FRAMES} frames and counts the rest as truncated; a huge line is skipped, not backtracked over`, () => {
    const lines = Array.from({ length: 80 }, (_, i) => `    at f${i} (/a.js:${i + 1}:1)`);
    const parsed = parseStackTrace(['at ' + '('.repeat(100_000), ...lines].join('\n'));
    expect(parsed.stack).toHaveLength(MAX_STACK_FRAMES);
    expect(parsed.truncated).toBe(30);
  });
});
