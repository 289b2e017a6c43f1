// Where a CPU profile of the daemon's ingest spends its main thread, by stage: each sample goes
// to the innermost frame that belongs to a stage (GC, the datagram scanner, the validator, record
// building, the slab's compression, the store, the service graph, ...), as a share of the busy
// (non-idle) samples. Frames of a bundled daemon (dist/apps/xray-daemon/main.js, BENCH_PROFILE=1
// of daemon-ingest.js) are traced back to their source files through main.js.map; in-process
// profiles (ingest-memory.js under --cpu-prof) already name them.
//
//   node bench/profile-stages.js bench/results/profiles/<file>.cpuprofile
const fs = require('node:fs');
const { fileURLToPath } = require('node:url');

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A source map's mappings as, per generated line, [column, source index] pairs in column order. */
function decodeMappings(map) {
  const lines = [];
  let source = 0;
  for (const line of map.mappings.split(';')) {
    const segments = [];
    let column = 0;
    for (const segment of line.split(',')) {
      if (segment === '') continue;
      const values = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0];
      if (values.length > 1) source += values[1];
      // Lines and columns in the source are not needed: the file names the stage.
      segments.push([column, source]);
    }
    lines.push(segments);
  }
  return lines;
}

/** The source file of a bundle position, or undefined. */
function sourceAt(map, lines, line, column) {
  const segments = lines[line] ?? [];
  let found;
  for (const [start, source] of segments) if (start <= column) found = source;
  return found === undefined ? undefined : map.sources[found];
}

const STAGES = [
  ['GC', (f) => f.functionName === '(garbage collector)'],
  ['idle', (f) => f.functionName === '(idle)'],
  ['V8 and native code (the UDP receive among it)', (f) => f.functionName === '(program)'],
  ['slab: sealing (Brotli)', (f) => f.file.includes('record-slab') && f.functionName === 'seal'],
  ['slab: text copy', (f) => f.file.includes('record-slab')],
  ['datagram scanner', (f) => f.file.includes('segment-scanner')],
  ['validator', (f) => f.file.includes('validate-segment-document') || f.file.includes('xray-contracts')],
  ['datagram header', (f) => f.file.includes('parse-datagram')],
  ['record: annotations', (f) => f.functionName === 'compactAnnotations' || f.functionName === 'sameAnnotations'],
  ['record: shapes', (f) => f.file.includes('record-shape') || f.file.includes('string-pool')],
  ['record: the rest', (f) => f.file.includes('segment-record')],
  ['store: bucket summaries', (f) => f.file.includes('bucket-summary')],
  ['store: time index', (f) => f.file.includes('trace-time-index')],
  ['store: traces', (f) => f.file.includes('/store/')],
  ['graph: buckets and histograms', (f) => /graph-buckets|histogram|call-statistics/.test(f.file)],
  ['graph: trace links', (f) => f.file.includes('/graph/')],
  ['pipeline and UDP handler', (f) => /segment-ingest|udp-receiver|node:dgram|node:events/.test(f.file)],
];

const profile = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const maps = new Map();
function frameOf(callFrame) {
  let file = callFrame.url;
  if (file.endsWith('.js') && callFrame.lineNumber >= 0 && !file.startsWith('node:')) {
    const path = file.startsWith('file:') ? fileURLToPath(file) : file;
    if (!maps.has(path))
      maps.set(
        path,
        fs.existsSync(`${path}.map`)
          ? ((map) => ({ map, lines: decodeMappings(map) }))(JSON.parse(fs.readFileSync(`${path}.map`, 'utf8')))
          : undefined,
      );
    const bundle = maps.get(path);
    if (bundle !== undefined)
      file = sourceAt(bundle.map, bundle.lines, callFrame.lineNumber, callFrame.columnNumber) ?? file;
  }
  return { functionName: callFrame.functionName, file };
}

const parents = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
const frames = new Map(profile.nodes.map((node) => [node.id, frameOf(node.callFrame)]));
const stageOfNode = new Map();
function stageOf(id) {
  if (stageOfNode.has(id)) return stageOfNode.get(id);
  const frame = frames.get(id);
  const own = STAGES.find(([, test]) => test(frame))?.[0];
  const parent = parents.get(id);
  const stage = own ?? (parent === undefined ? 'other' : stageOf(parent));
  stageOfNode.set(id, stage);
  return stage;
}
const micros = new Map();
profile.samples.forEach((id, i) => {
  const stage = stageOf(id);
  micros.set(stage, (micros.get(stage) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const busy = [...micros].filter(([stage]) => stage !== 'idle').reduce((sum, [, us]) => sum + us, 0);
console.log(`${(busy / 1e3).toFixed(0)} ms busy on the main thread; share by stage:\n`);
for (const [stage, us] of [...micros].filter(([s]) => s !== 'idle').sort((a, b) => b[1] - a[1]))
  console.log(`${((100 * us) / busy).toFixed(1).padStart(5)}%  ${stage}`);
