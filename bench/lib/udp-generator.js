// A UDP segment generator, run as its own process (node bench/lib/udp-generator.js '<json>') so
// its CPU is not charged to the daemon. Builds its traces, prints {"ready":true}, waits for "go"
// on stdin, sends `rate` segments/s for `seconds` in bursts of at most `burst` datagrams, then
// prints {"sent":..,"errors":..,"seconds":..,"bytes":..} and exits (pacing: paced-sender.js).
const { sendPaced } = require('./paced-sender');
const { traceFactory } = require('./segment-docs');

const config = JSON.parse(process.argv[2]);
const factory = traceFactory({ seed: config.seed ?? 1, stream: config.stream ?? 0 });
let queue = [];

sendPaced({ ...config, sendBufferBytes: 4 * 1024 * 1024 }, () => {
  if (queue.length === 0) queue = factory.next(Date.now() / 1000);
  return queue.pop();
});
