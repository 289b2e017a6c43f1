// Open-loop latency probe, run as its own process: GET <url> at a fixed rate over keep-alive
// connections for some seconds, timing each request with hrtime (autocannon reports whole
// milliseconds, too coarse for sub-millisecond differences). Prints JSON: count, errors (with
// their kinds: HTTP status or socket error code) and latency percentiles in ms.
//   node bench/lib/latency-probe.js <url> <rate/s> <seconds> [headers JSON]
const http = require('node:http');

const [url, rate, seconds, headersJson] = process.argv.slice(2);
const headers = headersJson ? JSON.parse(headersJson) : {};
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
const latencies = [];
let errors = 0;
/** Failed requests by kind ("HTTP 503", "ECONNRESET"): a probe reports them instead of dying. */
const failures = {};
function failed(kind) {
  errors++;
  failures[kind] = (failures[kind] ?? 0) + 1;
}
let inFlight = 0;

function one() {
  const start = process.hrtime.bigint();
  inFlight++;
  const req = http.get(url, { agent, headers }, (res) => {
    res.resume();
    res.on('end', () => {
      inFlight--;
      if (res.statusCode === 200) latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
      else failed(`HTTP ${res.statusCode}`);
    });
  });
  req.on('error', (error) => {
    inFlight--;
    failed(error.code ?? error.message);
  });
}

const intervalNs = 1e9 / Number(rate);
const startNs = process.hrtime.bigint();
const endNs = startNs + BigInt(Math.round(Number(seconds) * 1e9));
let sent = 0;
// A 1 ms tick sends whatever the schedule owes: requests go out at the rate whatever the answers do.
const timer = setInterval(() => {
  const now = process.hrtime.bigint();
  if (now >= endNs) {
    clearInterval(timer);
    const wait = setInterval(() => {
      if (inFlight > 0) return;
      clearInterval(wait);
      agent.destroy();
      latencies.sort((a, b) => a - b);
      const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
      console.log(
        JSON.stringify({
          count: latencies.length,
          errors,
          failures,
          p50: at(0.5),
          p90: at(0.9),
          p99: at(0.99),
          max: latencies.at(-1),
        }),
      );
    }, 10);
    return;
  }
  const owed = Math.floor(Number(now - startNs) / intervalNs);
  for (; sent < owed; sent++) one();
}, 1);
