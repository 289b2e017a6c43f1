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

  it('gives UTF-8 bytes back as decoding them gives them, invalid sequences included', () => {
    const bodies = [
      Buffer.from('{"name":"gateway"}'),
      Buffer.from('{"name":"café – 日本語 🚀"}'),
      Buffer.from([0x7b, 0x22, 0xff, 0xc3, 0x22, 0x3a, 0xed, 0xa0, 0x80, 0x7d]), // invalid UTF-8, an encoded surrogate
      Buffer.from('x'.repeat(5000)),
    ];
    const writer = new RecordSlabWriter(4096);
    const placed = bodies.map((body) => {
      // The body inside a larger buffer, as a datagram's is after its header line.
      const datagram = Buffer.concat([Buffer.from('header\n'), body, Buffer.from('trailer')]);
      const index = writer.place(2, { bytes: datagram, start: 7, end: 7 + body.length });
      datagram.fill(0); // copied, not referenced: the receive buffer is reused
      return { slab: writer.slab, index, text: body.toString('utf8') };
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
    expect(writer.slab).not.toBe(second);
    const bigSlab = writer.slab;
    expect(bigSlab.text(bigIndex + 2)).toBe(big);
    // The slab after it is back to the usual size: a small text fills it, then another starts.
    writer.place(2, 'a'.repeat(600));
    expect(writer.slab).not.toBe(bigSlab);
    const small = writer.slab;
    writer.place(2, 'a'.repeat(600));
    expect(writer.slab).not.toBe(small);
    expect(bigSlab.text(bigIndex + 2)).toBe(big);
  });

  it('reads texts of sealed slabs back exactly, compressed or not, in any order', () => {
    const writer = new RecordSlabWriter(2048);
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const texts = Array.from({ length: 400 }, (_, n) =>
      n % 5 === 0
        ? // Incompressible: random characters, some outside ASCII, one a lone surrogate.
          Array.from({ length: 300 }, () =>
            String.fromCharCode(n % 25 === 0 ? 0xd800 : Math.floor(random() * 0x3000)),
          ).join('')
        : `{"id":"${n.toString(16).padStart(16, '0')}","name":"service-${n % 7}","start_time":${n / 3}}`,
    );
    const placed = texts.map((text) => {
      const index = writer.place(2, text);
      return { slab: writer.slab, index, text };
    });
    expect(new Set(placed.map((p) => p.slab)).size).toBeGreaterThan(20);
    const order = placed.map((p, n) => ({ p, key: random() + (n % 3 === 0 ? 0 : 1) }));
    order.sort((a, b) => a.key - b.key);
    for (const { p } of order) expect(p.slab.text(p.index + 2)).toBe(p.text);
    for (const p of placed) expect(p.slab.text(p.index + 2)).toBe(p.text);
  });
});
