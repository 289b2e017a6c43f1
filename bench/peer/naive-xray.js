// The straightforward approach, as the peer to compare with: aws-xray-sdk-core in its default
// automatic (cls-hooked) mode, opening a segment per HTTP request exactly as
// aws-xray-sdk-express's openSegment does. Preloaded with `node -r` into a gateway whose own
// tracing is off; it traces the gateway only (the naive approach propagates nothing over TCP).
const http = require('node:http');
const AWSXRay = require('aws-xray-sdk-core');

AWSXRay.middleware.setDefaultName('gateway');
AWSXRay.middleware.disableCentralizedSampling();
AWSXRay.middleware.setSamplingRules({ version: 2, rules: [], default: { fixed_target: 1, rate: 1 } });

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (...args) {
  const [event, req, res] = args;
  if (event !== 'request') return emit.apply(this, args);
  const ns = AWSXRay.getNamespace();
  ns.bindEmitter(req);
  ns.bindEmitter(res);
  return ns.runAndReturn(() => {
    const segment = AWSXRay.middleware.traceRequestResponseCycle(req, res);
    AWSXRay.setSegment(segment);
    return emit.apply(this, args);
  });
};
