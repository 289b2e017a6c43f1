// The storm generator, run as its own process like udp-generator.js (same protocol: prints
// {"ready":true}, waits for "go" on stdin, prints its result line and exits): `rate` datagrams/s
// for `seconds`, drawn from the reliability corpus's malformed families (test-kit's
// datagram-corpus.ts, by the corpus's weights: ~64 KB garbage and 10,000-level nesting included),
// with one valid segment after every `validEvery - 1` malformed ones. Malformed datagrams come from
// a pool built before "go" (the daemon keeps no state of refused ones); every valid one is a new
// segment of a new trace, and the result lists their trace ids and ids so the bench can look them
// up in the daemon. `over_udp_limit` is left out: the sender's kernel refuses it (EMSGSIZE).
require('./ts-require');
const { sendPaced } = require('./paced-sender');
const path = require('node:path');

const KIT = path.join(__dirname, '../../libs/test-kit/src');
const { malformedPicker, validDatagram } = require(path.join(KIT, 'datagram-corpus.ts'));
const { Random } = require(path.join(KIT, 'random.ts'));

const config = JSON.parse(process.argv[2]);
const { seed = 1, validEvery = 100, pool = 8192 } = config;
const r = new Random(seed);
const pick = malformedPicker(r);
const malformed = [];
const kinds = {};
while (malformed.length < pool) {
  const d = pick();
  if (d.expect === 'emsgsize') continue;
  malformed.push(d.data);
  kinds[d.kind] = (kinds[d.kind] ?? 0) + 1;
}
const epochHex = () =>
  Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');

const valid = [];
let next = 0;

sendPaced(
  { ...config, sendBufferBytes: 8 * 1024 * 1024 },
  (i) => {
    if ((i + 1) % validEvery !== 0) return malformed[next++ % malformed.length];
    const d = validDatagram(r, `1-${epochHex()}-${r.hex(24)}`, r.hex(16), undefined, valid.length);
    valid.push([d.traceId, d.id]);
    return d.data;
  },
  () => ({ valid, kinds }),
);
