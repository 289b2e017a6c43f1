// Per-process CPU and memory, and the kernel's UDP counters, read from /proc (Linux only).
const fs = require('node:fs');
const os = require('node:os');

const CLOCK_TICKS = 100; // getconf CLK_TCK on Linux x86_64/arm64

/** utime + stime of a process in seconds (children not included); with `thread`, of that thread only (the main thread's id is the pid). */
function cpuSeconds(pid, thread) {
  const stat = fs.readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8');
  // Fields after the ")" that closes the command name: state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** VmRSS and VmHWM (peak RSS) in MB. */
function memoryMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peakRss: kb('VmHWM') / 1024 };
}

/** The `Udp:` line of /proc/net/snmp as numbers (InDatagrams, RcvbufErrors, ...): machine-wide. */
function udpSnmp() {
  const lines = fs
    .readFileSync('/proc/net/snmp', 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('Udp:'));
  const keys = lines[0].split(/\s+/).slice(1);
  const values = lines[1].split(/\s+/).slice(1).map(Number);
  return Object.fromEntries(keys.map((k, i) => [k, values[i]]));
}

/** The 1, 5 and 15 minute load averages for a table's header, e.g. "1.3 1.4 2.0" with `digits` 1. */
function loadAverageText(digits) {
  return os
    .loadavg()
    .map((l) => l.toFixed(digits))
    .join(' ');
}

module.exports = { cpuSeconds, memoryMb, udpSnmp, loadAverageText };
