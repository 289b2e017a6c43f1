// The tracing configurations compared by bench/tracing-overhead.js and bench/profile-tracing.js.
const path = require('node:path');

const PEER = path.join(__dirname, '../peer');

// A recent root, as the X-Ray id generator makes them (any well-formed root is continued).
const root = `1-${Math.floor(Date.now() / 1000).toString(16)}-bd862e3fe1be46a994272793`;
const SAMPLED = { 'X-Amzn-Trace-Id': `Root=${root};Sampled=1` };
const UNSAMPLED = { 'X-Amzn-Trace-Id': `Root=${root};Sampled=0` };

function otelPeer(ratio, headers) {
  return {
    env: { AWS_XRAY_SDK_ENABLED: 'false', BENCH_OTEL_RATIO: ratio },
    headers,
    gatewayArgs: ['-r', path.join(PEER, 'otel-js.js')],
    activitiesEnv: { AWS_XRAY_SDK_ENABLED: 'false' },
  };
}

const MODES = {
  off: { env: { AWS_XRAY_SDK_ENABLED: 'false' } },
  'on, 100% sampled': { env: { XRAY_TRUST_INCOMING_SAMPLING: 'true' }, headers: SAMPLED },
  // The same traces sent as OTLP/HTTP protobuf batches (to the counting sink) instead of UDP datagrams.
  'on, 100% sampled, otlp': {
    env: { XRAY_TRUST_INCOMING_SAMPLING: 'true', OTEL_TRACES_EXPORTER: 'otlp' },
    headers: SAMPLED,
  },
  'on, Cruddur rule, otlp': { env: { OTEL_TRACES_EXPORTER: 'otlp' } },
  'on, Cruddur rule': { env: {} },
  // The edge decides with no rules to match: every request unsampled, or 10% by trace id. Beside
  // "0% sampled" (the caller's decision followed) and the Cruddur rule (5/s then 10%), these tell
  // the cost of deciding at the edge from the cost of the share it samples.
  'on, edge decides: always_off': { env: { OTEL_TRACES_SAMPLER: 'always_off' } },
  'on, edge decides: traceidratio 0.1': {
    env: { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' },
  },
  // Every request unsampled: what context propagation alone costs (no segment, no UDP).
  'on, 0% sampled': { env: { XRAY_TRUST_INCOMING_SAMPLING: 'true' }, headers: UNSAMPLED },
  'off + AsyncLocalStorage on': {
    env: { AWS_XRAY_SDK_ENABLED: 'false' },
    gatewayArgs: ['-r', path.join(PEER, 'als-only.js')],
    activitiesArgs: ['-r', path.join(PEER, 'als-only.js')],
  },
  // The floor of "0% sampled": the same headers carried by hand (bench/peer/propagation-only.js).
  'off + propagation by hand': {
    env: { AWS_XRAY_SDK_ENABLED: 'false' },
    headers: UNSAMPLED,
    gatewayArgs: ['-r', path.join(PEER, 'propagation-only.js')],
    activitiesArgs: ['-r', path.join(PEER, 'propagation-only.js')],
  },
  // OpenTelemetry JS on the gateway (ours off in both services): what a team would pick instead.
  'peer: OpenTelemetry JS, 100%': otelPeer('1', SAMPLED),
  'peer: OpenTelemetry JS, 0%': otelPeer('0', UNSAMPLED),
  'peer: SDK cls-hooked, 100%': {
    env: { AWS_XRAY_SDK_ENABLED: 'false' },
    gatewayArgs: ['-r', path.join(PEER, 'naive-xray.js')],
    activitiesEnv: { AWS_XRAY_SDK_ENABLED: 'false' },
  },
};

/** BENCH_MODES='off;on, Cruddur rule' picks modes (in that order); default all. */
function selectedModes(defaults = Object.keys(MODES)) {
  const names = process.env.BENCH_MODES ? process.env.BENCH_MODES.split(';') : defaults;
  for (const name of names)
    if (!MODES[name]) throw new Error(`unknown mode "${name}"; known: ${Object.keys(MODES).join('; ')}`);
  return names;
}

module.exports = { MODES, selectedModes };
