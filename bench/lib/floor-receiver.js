// The receiving end of bench/ingest-floor.js, run as its own process (pinned like the daemon): a
// UDP socket as the daemon's (Node dgram, one 'message' event and Buffer per datagram, no
// recvmmsg; 32 MB receive buffer asked) whose handler does only `mode`'s part of the daemon's work:
//   receive   nothing (the receive path alone)
//   json      the old body check: JSON.parse of the decoded text, then validateSegmentDocument
//   scan      parseDatagram (header checks, then the validating scanner)
// xray-backend's sources are loaded through ts-require from `sources` (a libs/xray-backend/src).
// Prints {"port":..} once bound; then answers each line on stdin with {"datagrams":..,"accepted":..}.
require('./ts-require');
const dgram = require('node:dgram');
const path = require('node:path');
const readline = require('node:readline');

const { mode, sources } = JSON.parse(process.argv[2]);
const { parseDatagram } = require(path.join(sources, 'segments/parse-datagram.ts'));
const { parseSegmentJson } = require(path.join(sources, 'segments/parse-segment-json.ts'));

const handlers = {
  receive: () => true,
  json: (buf) => parseSegmentJson(buf.toString('utf8', buf.indexOf(0x0a) + 1)).ok,
  scan: (buf) => parseDatagram(buf).ok,
};
const handle = handlers[mode];
if (handle === undefined) throw new Error(`mode: one of ${Object.keys(handlers).join(', ')}, not ${mode}`);

let datagrams = 0;
let accepted = 0;
const socket = dgram.createSocket('udp4');
socket.on('message', (buf) => {
  datagrams++;
  if (handle(buf)) accepted++;
});
socket.bind(0, '127.0.0.1', () => {
  socket.setRecvBufferSize(32 * 1024 * 1024);
  process.stdout.write(`${JSON.stringify({ port: socket.address().port })}\n`);
});
readline
  .createInterface({ input: process.stdin })
  .on('line', () => process.stdout.write(`${JSON.stringify({ datagrams, accepted })}\n`))
  .on('close', () => socket.close());
