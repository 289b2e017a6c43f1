// BENCH_DAEMONS: the daemon builds a benchmark runs side by side, as comma-separated entries
// `name=main [node flags...] [node=/path/to/node] [XRAY_DAEMON_*=value...]`, where main is an app
// name under dist/apps or a path to a built main.js. BENCH_PROFILE=1 adds --cpu-prof to each.
const path = require('node:path');

/** Where BENCH_PROFILE's .cpuprofile files land. */
const PROFILE_DIR = path.join(__dirname, '..', 'results', 'profiles');

/** The daemons of BENCH_DAEMONS (default: the built xray-daemon, named "current"). */
function daemonBuilds(spec = process.env.BENCH_DAEMONS || 'current=xray-daemon') {
  return spec.split(',').map((entry) => {
    const [daemon, ...words] = entry.trim().split(/\s+/);
    const [name, main] = daemon.split('=');
    const node = words.find((word) => word.startsWith('node='))?.slice('node='.length);
    const isSetting = (word) => /^XRAY_DAEMON_[A-Z_]+=/.test(word);
    const env = Object.fromEntries(
      words.filter(isSetting).map((word) => [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)]),
    );
    const nodeArgs = [
      ...words.filter((word) => !word.startsWith('node=') && !isSetting(word)),
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []),
    ];
    return { name, main: main.endsWith('.js') ? path.resolve(main) : main, nodeArgs, node, env };
  });
}

module.exports = { daemonBuilds, PROFILE_DIR };
