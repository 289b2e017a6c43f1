// Preloaded by bench/profile-tracing.js: SIGWINCH (a signal Nest's shutdown hooks leave alone) starts the V8 CPU profiler (after warm-up, so
// start-up and JIT warm-up are not in the profile); SIGINT writes it to $CPU_PROFILE_FILE and
// exits, ahead of Nest's shutdown hook (which re-raises the signal and would kill the process).
const fs = require('node:fs');
const inspector = require('node:inspector');

const session = new inspector.Session();
session.connect();
let started = false;

process.on('SIGWINCH', () => {
  session.post('Profiler.enable', () => session.post('Profiler.start', () => (started = true)));
});

process.prependListener('SIGINT', () => {
  if (!started) process.exit(0);
  session.post('Profiler.stop', (error, result) => {
    if (!error) fs.writeFileSync(process.env.CPU_PROFILE_FILE, JSON.stringify(result.profile));
    process.exit(0);
  });
});
