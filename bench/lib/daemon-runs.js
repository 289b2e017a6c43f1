// What the benchmarks of the built daemon share: starting one build (from daemon-builds.js)
// on free loopback ports, and waiting until it has worked off its backlog.
const { counters } = require('./daemon-client');
const { freePort, startApp } = require('./processes');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `daemon` (one of daemonBuilds()) on free ports: UDP segments, HTTP API; OTLP off.
 * `maxAgeSeconds` replaces the daemon's default retention (for documents timed in the past).
 */
async function startDaemon(daemon, { maxTraces, cpus, maxAgeSeconds }) {
  const [udpPort, httpPort] = [await freePort(), await freePort()];
  const app = await startApp(
    daemon.main,
    httpPort,
    {
      XRAY_DAEMON_BIND: `127.0.0.1:${udpPort}`,
      XRAY_DAEMON_BIND_TCP: `127.0.0.1:${httpPort}`,
      XRAY_DAEMON_OTLP: 'off',
      XRAY_DAEMON_MAX_TRACES: String(maxTraces),
      ...(maxAgeSeconds === undefined ? {} : { XRAY_DAEMON_MAX_AGE: String(maxAgeSeconds) }),
      ...daemon.env,
    },
    daemon.nodeArgs,
    { node: daemon.node, cpus },
  );
  return { app, udpPort, httpPort };
}

/** Waits until the daemon's datagram count stops moving (its backlog is processed). */
async function drained(httpPort) {
  let last = -1;
  for (let i = 0; i < 100; i++) {
    const c = await counters(httpPort);
    if (c.udp.datagrams === last) return c;
    last = c.udp.datagrams;
    await sleep(150);
  }
  return counters(httpPort);
}

module.exports = { startDaemon, drained };
