// Starting built apps as processes on free loopback ports, for benchmarks.
const { spawn } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');

const DIST = path.join(__dirname, '../../dist/apps');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// 60 s: on a shared machine at load 10+ a Nest app has taken over 20 s to listen.
async function waitForPort(port, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on ${port} after ${timeoutMs} ms`);
}

/**
 * `node` (default: this Node) with `args`, on the given CPUs (a taskset list such as "0" or
 * "0-1") when `cpus` is set. taskset execs node in its own process, so the child's pid is node's.
 */
function pinned(cpus, args, node = process.execPath) {
  return cpus === undefined ? [node, args] : ['taskset', ['-c', cpus, node, ...args]];
}

/**
 * Starts `dist/apps/<app>/main.js` (or `app` itself when it is a path to a .js file, e.g. a copy
 * of an earlier build to compare against) with env; resolves once `port` accepts connections.
 */
async function startApp(app, port, env, nodeArgs = [], { cpus, node } = {}) {
  const main = app.endsWith('.js') ? app : path.join(DIST, app, 'main.js');
  const [file, args] = pinned(cpus, [...nodeArgs, main], node);
  const child = spawn(file, args, {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  try {
    await waitForPort(port);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${app}: ${error.message}\n${stderr}`, { cause: error });
  }
  return {
    pid: child.pid,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(); // already gone
        child.once('exit', () => resolve());
        child.kill(signal);
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

module.exports = { freePort, waitForPort, startApp, pinned, DIST };
