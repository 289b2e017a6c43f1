import { RecordSlabWriter } from './record-slab';

describe('RecordSlabWriter', () => {
  it('gives every text back exactly, whatever its characters', () => {
    const texts = [
      '',
      '{"name":"gateway"}',
      'café – 日本語 🚀 ✓',
      '\u0000\u007f\u0080\u07ff\u0800\uffff',
      'lone high \ud800 surrogate', // UTF-8 cannot carry these: stored as UTF-16
      'lone low \udc00',
      '\udbff',
      'x'.repeat(5000),
    ];
    const writer = new RecordSlabWriter(4096);
    const placed = texts.map((text) => {
      const index = writer.place(2, text);
      return { slab: writer.slab, index, text };
    });
    for (const { slab, index, text } of placed) expect(slab.text(index + 2)).toBe(text);
  });

  it('keeps times beside their text and in reserved slots, untouched by later writes', () => {
    const writer = new RecordSlabWriter(1024);
    const times = [1_700_000_000.123456, 0.1 + 0.2, -0, Number.MAX_VALUE, NaN];
    const slots = times.map((time, n) => {
      const index = n % 2 === 0 ? writer.reserve(1) : writer.place(1, `document ${n} ✓`);
      writer.slab.times[index] = time;
      return { slab: writer.slab, index, time };
    });
    for (let n = 0; n < 50; n++) writer.place(2, 'y'.repeat(n * 7));
    for (const { slab, index, time } of slots) expect(Object.is(slab.times[index], time)).toBe(true);
  });

  it('starts a new slab when the current one is full; a text larger than a slab gets its own', () => {
    const writer = new RecordSlabWriter(1024);
    const first = writer.slab;
    writer.place(2, 'a'.repeat(600));
    // 600 bytes of UTF-8 do not fit in the ~400 bytes left.
    writer.place(2, 'é'.repeat(300));
    expect(writer.slab).not.toBe(first);
    const second = writer.slab;
    // 300 bytes do fit, though the worst case (3 bytes per character, 450) would not: measured, not guessed.
    const index = writer.place(2, 'é'.repeat(150));
    expect(writer.slab).toBe(second);
    expect(second.text(index + 2)).toBe('é'.repeat(150));
    const big = '{"pad":"' + 'z'.repeat(3000) + '"}';
    const bigIndex = writer.place(2, big);
    expect(writer.slab.bytes.length).toBeGreaterThanOrEqual(big.length + 20);
    expect(writer.slab.text(bigIndex + 2)).toBe(big);
  });
});
