// Talking to a running xray-daemon over HTTP from a benchmark: X-Ray API POSTs and counters.
const http = require('node:http');

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function request(port, method, path, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: {
          host: `localhost:${port}`,
          'content-type': 'application/json',
          ...(data ? { 'content-length': data.length } : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200)
            return reject(new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 300)}`));
          resolve({ text, json: () => JSON.parse(text) });
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** POST an X-Ray API operation; resolves with the parsed body and the body's size in bytes. */
async function api(port, operation, body) {
  const res = await request(port, 'POST', operation, body);
  return { body: res.json(), bytes: Buffer.byteLength(res.text) };
}

async function counters(port) {
  return (await request(port, 'GET', '/api/counters')).json();
}

module.exports = { api, counters, request };
