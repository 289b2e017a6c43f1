// A UDP segment generator, run as its own process (node bench/lib/udp-generator.js '<json>') so
// its CPU is not charged to the daemon. Builds its traces, prints {"ready":true}, waits for "go"
// on stdin, sends `rate` segments/s for `seconds` in bursts of at most `burst` datagrams, then
// prints {"sent":..,"errors":..,"seconds":..,"bytes":..} and exits.
//
// Pacing: each tick sends what is due by the clock (hrtime), capped at `burst`; when nothing is
// due it sleeps 1 ms instead of spinning, because on a 2-core machine a spinning generator would
// take the CPU the kernel needs to deliver datagrams to the daemon.
const dgram = require('node:dgram');
const { traceFactory } = require('./segment-docs');

const { port, host = '127.0.0.1', rate, seconds, seed = 1, stream = 0, burst = 64 } = JSON.parse(process.argv[2]);
const factory = traceFactory({ seed, stream });
const socket = dgram.createSocket('udp4');
let errors = 0;
socket.on('error', () => errors++);

function run() {
  let sent = 0;
  let bytes = 0;
  let queue = [];
  const total = Math.round(rate * seconds);
  const started = process.hrtime.bigint();
  const tick = () => {
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    const due = Math.min(total, Math.floor(rate * elapsed));
    let n = Math.min(due - sent, burst);
    if (sent >= total) return finish(elapsed);
    if (n <= 0) return void setTimeout(tick, 1);
    while (n-- > 0) {
      if (queue.length === 0) queue = factory.next(Date.now() / 1000);
      const datagram = queue.pop();
      bytes += datagram.length;
      socket.send(datagram);
      sent++;
    }
    setImmediate(tick);
  };
  const finish = (elapsed) => {
    process.stdout.write(`${JSON.stringify({ sent, errors, seconds: elapsed, bytes })}\n`);
    socket.close();
    process.stdin.destroy();
  };
  tick();
}

socket.connect(port, host, () => {
  try {
    socket.setSendBufferSize(4 * 1024 * 1024);
  } catch {
    /* keep the default */
  }
  process.stdout.write('{"ready":true}\n');
  process.stdin.once('data', run);
});
