// Reference point, not tracing: the least any implementation pays to carry an unsampled request's
// context across gateway -> activities the way ours does by default. Preloaded into both services
// with our tracing off, it puts the same bytes on the wire as ours at 0% sampled, with the fewest
// steps that still check what they take in:
// - the gateway reads X-Amzn-Trace-Id (canonical form only), answers it with
//   `X-Amzn-Trace-Id: Root=...;Sampled=0` and runs the request in an AsyncLocalStorage context;
// - its TCP client puts `traceparent` and `x-amzn-trace-id` (with a new parent id) in each packet's
//   metadata and hands the answer back in the caller's context;
// - the activities server reads the packet's header and runs the handler in that context. A message
//   without one stops the service, and the run with it: one that propagated nothing cannot pass
//   as this floor.
// No sampling decision, no segment, no configuration: what remains is the context store, the two
// headers' parsing and formatting, and the longer response and packet. Written apart from
// @cruddur/xray-contracts on purpose, like the other peers: a floor that ran our parser and id
// generator would move with the code it is the floor for (and the built services bundle them,
// so a preload could not share their copy anyway).
const http = require('node:http');
const crypto = require('node:crypto');
const { AsyncLocalStorage } = require('node:async_hooks');
const { ClientTCP, ServerTCP } = require('@nestjs/microservices');

const storage = new AsyncLocalStorage();
const CANONICAL = /^Root=(1-[0-9a-f]{8}-[0-9a-f]{24})(?:;Parent=[0-9a-f]{16})?;Sampled=([01])$/;

const pool = Buffer.alloc(4096);
let offset = pool.length;
function newParentId() {
  if (offset + 8 > pool.length) {
    crypto.randomFillSync(pool);
    offset = 0;
  }
  offset += 8;
  return pool.toString('hex', offset - 8, offset);
}

function contextOf(header) {
  const match = typeof header === 'string' ? CANONICAL.exec(header) : null;
  return match ? { root: match[1], sampled: match[2] } : undefined;
}

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (...args) {
  const [event, req, res] = args;
  if (event !== 'request') return emit.apply(this, args);
  // No usable header: a new trace (the bench always sends one).
  const context = contextOf(req.headers['x-amzn-trace-id']) ?? {
    root: `1-${Math.floor(Date.now() / 1000).toString(16)}-${newParentId()}${newParentId().slice(0, 8)}`,
    sampled: '0',
  };
  res.setHeader('X-Amzn-Trace-Id', `Root=${context.root};Sampled=${context.sampled}`);
  return storage.run(context, () => emit.apply(this, args));
};

const publish = ClientTCP.prototype.publish;
ClientTCP.prototype.publish = function (packet, callback) {
  const context = storage.getStore();
  if (!context) return publish.call(this, packet, callback);
  const parent = newParentId();
  packet.metadata = {
    traceparent: `00-${context.root.slice(2, 10)}${context.root.slice(11)}-${parent}-0${context.sampled}`,
    'x-amzn-trace-id': `Root=${context.root};Parent=${parent};Sampled=${context.sampled}`,
  };
  return publish.call(this, packet, (answer) => storage.run(context, () => callback(answer)));
};

const handleMessage = ServerTCP.prototype.handleMessage;
ServerTCP.prototype.handleMessage = function (socket, raw) {
  const context = contextOf(raw?.metadata?.['x-amzn-trace-id']);
  if (!context) throw new Error('propagation-only peer: a message arrived without a trace header');
  return storage.run(context, () => handleMessage.call(this, socket, raw));
};
