// Realistic X-Ray segment documents for the daemon benchmarks, made fast enough to send 50k/s
// from one process: each trace shape is serialized once into a template Buffer with fixed-width
// slots (trace id, segment ids, times) and every trace is a copy of a template with its slots
// overwritten. All template text is ASCII, so string offsets are byte offsets.
//
// A trace is what Cruddur's stack sends for one request: a gateway segment (incoming HTTP, two
// remote TCP subsegments), an activities segment (child of the gateway's call, a SQL subsegment,
// sometimes a large result in metadata) and a notifications segment (sometimes a fault with a
// cause and stack). 0.5 to 4 KB per document.

const HEADER = '{"format":"json","version":1}\n';
const TRACE_SLOT = '1-00000000-000000000000000000000000';
const ID_SLOT = '0000000000000000';
const TIME_SLOT = '0000000000.000000';
const ID_SUFFIX = Array.from({ length: 256 }, (_, n) => n.toString(16).padStart(2, '0'));

/** Deterministic PRNG (mulberry32), so every run sends the same mix. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROUTES = [
  '/api/activities/home',
  '/api/activities/notifications',
  '/api/activities/search',
  '/api/messages/groups',
  '/api/profile/update',
  '/api/activities',
];
const HANDLES = ['andrewbrown', 'worf', 'garek', 'londo', 'bayko', 'deanna', 'quark', 'sisko'];
const AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
  'curl/8.5.0',
  'aws-sdk-js/3.600.0',
];

function stack(r, frames) {
  const out = [];
  for (let i = 0; i < frames; i++) {
    out.push({
      path: `/app/dist/apps/notifications/node_modules/@nestjs/core/router/router-execution-context.js`,
      line: 38 + i * 7,
      label: `RouterExecutionContext.handler${i}`,
    });
  }
  out.push({ path: 'node:internal/process/task_queues', line: null, label: 'process.processTicksAndRejections' });
  return out;
}

/**
 * One trace shape as plain objects with placeholder strings: "@TRACE@", "@ID<n>@", "@T<ms>@"
 * (start of trace + ms). `size` pads metadata so documents spread over 0.5-4 KB.
 */
function traceShape(r) {
  const route = ROUTES[Math.floor(r() * ROUTES.length)];
  const handle = HANDLES[Math.floor(r() * HANDLES.length)];
  const roll = r();
  // 88% ok, 6% 4xx, 2% 429, 4% 5xx (fault in notifications, surfaced at the gateway)
  const status = roll < 0.88 ? 200 : roll < 0.94 ? 404 : roll < 0.96 ? 429 : 500;
  const fault = status >= 500;
  const rows = Math.floor(r() * 16); // activities result rows: the big part of large documents
  const sdk = { xray: { sdk: 'X-Ray for Node.js', sdk_version: '3.12.0', package: 'aws-xray-sdk-core' } };
  const total = 20 + Math.floor(r() * 60);
  const callA = 2 + Math.floor(r() * (total - 6));
  const callN = callA + 1;

  const gateway = {
    name: 'gateway',
    id: '@ID0@',
    trace_id: '@TRACE@',
    start_time: '@T0@',
    end_time: `@T${total}@`,
    origin: 'AWS::ECS::Container',
    http: {
      request: {
        method: route === '/api/profile/update' ? 'POST' : 'GET',
        url: `http://localhost:4567${route}`,
        user_agent: AGENTS[Math.floor(r() * AGENTS.length)],
        client_ip: `10.0.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}`,
      },
      response: { status, content_length: 200 + Math.floor(r() * 4000) },
    },
    error: status >= 400 && status < 500 ? true : undefined,
    throttle: status === 429 ? true : undefined,
    fault: fault ? true : undefined,
    annotations: { route, user_handle: handle, cached: r() < 0.3 },
    metadata: {
      default: { requestId: `req-${Math.floor(r() * 1e9).toString(36)}`, query: { limit: 20, cursor: null } },
    },
    aws: sdk,
    service: { version: '1.4.2' },
    subsegments: [
      {
        name: 'activities',
        id: '@ID1@',
        start_time: `@T${callA - 1}@`,
        end_time: `@T${callA + 2}@`,
        namespace: 'remote',
        http: {
          request: { method: 'SEND', url: `tcp://activities:4001/${route}`, traced: true },
          response: { status: 200 },
        },
      },
      {
        name: 'notifications',
        id: '@ID2@',
        start_time: `@T${callN}@`,
        end_time: `@T${total - 1}@`,
        namespace: 'remote',
        fault: fault ? true : undefined,
        http: {
          request: { method: 'SEND', url: 'tcp://notifications:4002/notifications.count', traced: true },
          response: { status: fault ? 500 : 200 },
        },
      },
    ],
  };
  const activityRows = [];
  for (let i = 0; i < rows; i++) {
    activityRows.push({
      uuid: `68f126b0-1ceb-4a33-88be-d90fa7109e${(10 + i).toString().padStart(2, '0')}`,
      handle: HANDLES[i % HANDLES.length],
      message: 'Cloud is fun! '.repeat(1 + (i % 5)),
      replies_count: i,
      reposts_count: i % 3,
      likes_count: i * 7,
      created_at: '2026-11-02T10:00:00Z',
    });
  }
  const activities = {
    name: 'activities',
    id: '@ID3@',
    trace_id: '@TRACE@',
    parent_id: '@ID1@',
    start_time: `@T${callA}@`,
    end_time: `@T${callA + 1}@`,
    origin: 'AWS::ECS::Container',
    http: { request: { method: 'SEND', url: `tcp://activities:4001/${route}` }, response: { status: 200 } },
    annotations: { route, rows },
    metadata: { default: { result: activityRows } },
    aws: sdk,
    subsegments: [
      {
        name: 'postgres@db',
        id: '@ID4@',
        start_time: `@T${callA}@`,
        end_time: `@T${callA + 1}@`,
        namespace: 'remote',
        sql: {
          url: 'postgresql://db:5432/cruddur',
          database_type: 'PostgreSQL',
          sanitized_query: 'SELECT * FROM activities WHERE created_at > $1 ORDER BY created_at DESC LIMIT $2',
        },
      },
      {
        name: 'render-home-feed',
        id: '@ID5@',
        start_time: `@T${callA}@`,
        end_time: `@T${callA + 1}@`,
        annotations: { feed: 'home' },
      },
      {
        name: 'notifications',
        id: '@ID8@',
        start_time: `@T${callA}@`,
        end_time: `@T${callA + 1}@`,
        namespace: 'remote',
        http: { request: { method: 'EMIT', url: 'tcp://notifications:4002/activity.created', traced: true } },
      },
    ],
  };
  const event = {
    name: 'notifications',
    id: '@ID9@',
    trace_id: '@TRACE@',
    parent_id: '@ID8@',
    start_time: `@T${callA + 1}@`,
    end_time: `@T${callA + 2}@`,
    origin: 'AWS::ECS::Container',
    http: { request: { method: 'EMIT', url: 'tcp://notifications:4002/activity.created' } },
    annotations: { event: 'activity.created', user_handle: handle },
    metadata: { default: { recipients: rows % 4 } },
    aws: sdk,
  };
  const notifications = {
    name: 'notifications',
    id: '@ID6@',
    trace_id: '@TRACE@',
    parent_id: '@ID2@',
    start_time: `@T${callN}@`,
    end_time: `@T${total - 2}@`,
    origin: 'AWS::ECS::Container',
    http: {
      request: { method: 'SEND', url: 'tcp://notifications:4002/notifications.count' },
      response: { status: fault ? 500 : 200 },
    },
    fault: fault ? true : undefined,
    annotations: { user_handle: handle },
    aws: sdk,
  };
  if (fault) {
    notifications.cause = {
      working_directory: '/app',
      paths: ['/app/dist/apps/notifications/main.js'],
      exceptions: [
        {
          id: '@ID7@',
          message: 'connect ECONNREFUSED 10.0.3.7:6379',
          type: 'Error',
          remote: false,
          stack: stack(r, 8 + Math.floor(r() * 12)),
        },
      ],
    };
  }
  return [gateway, activities, notifications, event];
}

/** Serializes a document into a datagram template: header + JSON with fixed-width slots. */
function compile(doc) {
  const json = JSON.stringify(doc);
  const parts = json.split(/"@([A-Z]+)(\d*)@"/);
  let text = HEADER;
  const slots = [];
  for (let i = 0; i < parts.length; i += 3) {
    text += parts[i];
    if (i + 1 >= parts.length) break;
    const kind = parts[i + 1];
    const n = Number(parts[i + 2]);
    if (kind === 'TRACE') {
      slots.push({ kind: 'trace', offset: text.length + 1 });
      text += `"${TRACE_SLOT}"`;
    } else if (kind === 'ID') {
      slots.push({ kind: 'id', n, offset: text.length + 1 });
      text += `"${ID_SLOT}"`;
    } else {
      slots.push({ kind: 'time', ms: n, offset: text.length });
      text += TIME_SLOT;
    }
  }
  return { template: Buffer.from(text, 'latin1'), slots };
}

/**
 * A source of unique traces. `stream` (0..255) keeps ids from parallel generators apart.
 * `next(startSeconds)` returns the trace's datagrams (header included) as Buffers.
 */
function traceFactory({ seed = 1, shapes = 256, stream = 0 } = {}) {
  const r = rng(seed);
  const compiled = [];
  for (let i = 0; i < shapes; i++) compiled.push(traceShape(r).map(compile));
  let counter = 0;
  const streamHex = stream.toString(16).padStart(2, '0');
  return {
    headerBytes: HEADER.length,
    next(startSeconds) {
      counter++;
      const shape = compiled[counter % compiled.length];
      const epochHex = Math.floor(startSeconds).toString(16).padStart(8, '0');
      const unique = streamHex + counter.toString(16).padStart(14, '0');
      const traceId = `1-${epochHex}-${unique}00000000`;
      const idPrefix = streamHex + counter.toString(16).padStart(12, '0'); // + 2 hex: the slot number
      const out = [];
      for (const { template, slots } of shape) {
        const buf = Buffer.allocUnsafe(template.length);
        template.copy(buf);
        for (const slot of slots) {
          if (slot.kind === 'trace') buf.write(traceId, slot.offset, 'latin1');
          else if (slot.kind === 'id') buf.write(idPrefix + ID_SUFFIX[slot.n], slot.offset, 'latin1');
          else buf.write((startSeconds + slot.ms / 1000).toFixed(6), slot.offset, 'latin1');
        }
        out.push(buf);
      }
      return out;
    },
  };
}

module.exports = { traceFactory, HEADER };
