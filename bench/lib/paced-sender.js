// The body of a UDP generator process (udp-generator.js, storm-generator.js): connects to the
// daemon, prints {"ready":true}, waits for "go" on stdin, sends `rate` datagrams/s for `seconds`
// in bursts of at most `burst`, then prints {"sent":..,"errors":..,"seconds":..,"bytes":..} plus
// `extra()` and exits.
//
// Pacing: each tick sends what is due by the clock (hrtime), capped at `burst`; when nothing is
// due it sleeps 1 ms instead of spinning, because on a 2-core machine a spinning generator would
// take the CPU the kernel needs to deliver datagrams to the daemon.
const dgram = require('node:dgram');

/** `next(i)` gives the i-th datagram to send. */
function sendPaced({ port, host = '127.0.0.1', rate, seconds, burst = 64, sendBufferBytes }, next, extra = () => ({})) {
  const socket = dgram.createSocket('udp4');
  let errors = 0;
  socket.on('error', () => errors++);

  function run() {
    let sent = 0;
    let bytes = 0;
    const total = Math.round(rate * seconds);
    const started = process.hrtime.bigint();
    const tick = () => {
      const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
      const due = Math.min(total, Math.floor(rate * elapsed));
      let n = Math.min(due - sent, burst);
      if (sent >= total) return finish(elapsed);
      if (n <= 0) return void setTimeout(tick, 1);
      while (n-- > 0) {
        const datagram = next(sent);
        bytes += datagram.length;
        socket.send(datagram);
        sent++;
      }
      setImmediate(tick);
    };
    const finish = (elapsed) => {
      process.stdout.write(`${JSON.stringify({ sent, errors, seconds: elapsed, bytes, ...extra() })}\n`);
      socket.close();
      process.stdin.destroy();
    };
    tick();
  }

  socket.connect(port, host, () => {
    try {
      socket.setSendBufferSize(sendBufferBytes);
    } catch {
      /* keep the default */
    }
    process.stdout.write('{"ready":true}\n');
    process.stdin.once('data', run);
  });
}

module.exports = { sendPaced };
