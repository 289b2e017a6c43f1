import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { HeadlessChromium, retryUntil, runOtelService } from '@cruddur/test-kit';
import { newSegmentId, newTraceId, xrayTraceIdOf } from '@cruddur/xray-contracts';
import { TracedStack } from './traced-stack';

/** `UPDATE_SCREENSHOTS=1` refreshes the README's pictures; otherwise they go to tmp/. */
const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? join(__dirname, '../../../docs/screenshots')
    : join(__dirname, '../../../tmp/viewer-e2e');
/** The payload as a browser sends it (percent-encoded) and as a raw client can (literally). */
const ENCODED_INJECTION = '/api/activities/%3Cimg%20src=x%20onerror=window.__pwned=1%3E';
const RAW_INJECTION = '/api/activities/<img/src=x/onerror=window.__pwned=1>';

interface SummariesBody {
  TraceSummaries: { Id: string; Http: { HttpURL?: string } }[];
}

let stack: TracedStack;
let browser: HeadlessChromium;
let page: Page;
const pageErrors: string[] = [];

async function tracesMatching(filter: string): Promise<SummariesBody['TraceSummaries']> {
  const now = Math.floor(Date.now() / 1000);
  const { body } = await stack.api<SummariesBody>('TraceSummaries', {
    StartTime: now - 600,
    EndTime: now + 60,
    FilterExpression: filter,
  });
  return body.TraceSummaries;
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await HeadlessChromium.launch();
  stack = await TracedStack.start();
  // A realistic mix, each request its own sampled trace: reads, a 404, a 422, a post that
  // notifies a mentioned user (activities -> notifications), a reply, and the injection attempts.
  const statuses = [
    await stack.request('/api/activities/home'),
    await stack.request('/api/activities/notifications'),
    await stack.request('/api/activities/search?term=cloud'),
    await stack.request('/api/activities/@worf'),
    await stack.request('/api/activities/@nobody'),
    await stack.request('/api/activities', { method: 'POST', body: { message: 'Hello @worf, tea?', ttl: '7-days' } }),
    await stack.request('/api/activities', { method: 'POST', body: { message: '', ttl: '7-days' } }),
    await stack.request('/api/activities/home'),
    await stack.request('/api/activities/notifications'),
    await stack.request(ENCODED_INJECTION),
    await stack.rawRequest(RAW_INJECTION),
  ];
  expect(statuses.slice(0, 7)).toEqual(
    [200, 200, 200, 200, 404, 200, 422].map((status, index) => (index === 5 ? expect.any(Number) : status)),
  );
  // Segments arrive over UDP, each service closing its own: wait until the slowest kind is in.
  await retryUntil(async () => {
    expect(
      await tracesMatching('service("notifications") AND http.url ENDSWITH "/api/activities/notifications"'),
    ).toHaveLength(2);
    expect(await tracesMatching('http.url CONTAINS "onerror"')).toHaveLength(2);
    expect(await tracesMatching('edge("activities", "notifications")')).not.toHaveLength(0);
  }, 20_000);
  page = await browser.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('service map', () => {
  it('shows client, gateway, activities and notifications with their edges', async () => {
    await page.goto(stack.viewerUrl('#/map'));
    for (const name of ['client', 'gateway', 'activities', 'notifications'])
      await page.locator(`.map-node[data-node="${name}"]`).waitFor();
    for (const edge of [
      'client -> gateway',
      'gateway -> activities',
      'gateway -> notifications',
      'activities -> notifications',
    ]) {
      // Attached, not "visible": a straight horizontal edge has a zero-height box.
      await page.locator(`.map-edge[data-edge="${edge}"]`).waitFor({ state: 'attached' });
    }
    expect(await page.locator('.map-node').count()).toBe(4);
    // Average response time and traces per minute inside the ring.
    await expect(page.locator('.map-node[data-node="gateway"] .node-metric-sub').textContent()).resolves.toMatch(
      /^\d+\.\d\/min$/,
    );
    await expect(page.locator('.map-node[data-node="gateway"] .node-metric').textContent()).resolves.toMatch(/ ms$/);
  });

  it('opens a node with its statistics, histogram and a link to its traces', async () => {
    await page.locator('.map-node[data-node="gateway"]').click();
    const details = page.locator('.details[data-selected="gateway"]');
    await details.waitFor();
    const text = await details.textContent();
    expect(text).toMatch(/Calls\s*1[0-9]/);
    expect(text).toContain('Errors (4xx)');
    await details.locator('svg.histogram').waitFor();
    expect(await details.locator('a.button').getAttribute('href')).toBe('#/traces?filter=service%28%22gateway%22%29');
    await page.screenshot({ path: join(SCREENSHOTS, 'service-map.png') });
  });

  it('opens an edge', async () => {
    // A curved edge's box centre is off the stroke, so the click is dispatched rather than aimed.
    await page.locator('.map-edge[data-edge="gateway -> activities"]').dispatchEvent('click');
    await page.locator('.details[data-selected="gateway -> activities"]').waitFor();
  });
});

describe('traces list', () => {
  it('finds a trace by filter expression', async () => {
    await page.goto(stack.viewerUrl('#/traces'));
    await page.locator('input.filter-input').fill('http.url CONTAINS "search?term=cloud"');
    await page.locator('.filter-form button[type=submit]').click();
    await retryUntil(async () => expect(await page.locator('table.traces tbody tr').count()).toBe(1), 10_000);
    expect(await page.locator('table.traces tbody tr td.url').textContent()).toContain(
      '/api/activities/search?term=cloud',
    );
  });

  it('shows a syntax error inline with a caret at its position', async () => {
    const bad = 'http.status >= 400 AND http.url CONTAINS';
    const { body } = await stack.api<{ message: string }>('TraceSummaries', {
      StartTime: 0,
      EndTime: 1,
      FilterExpression: bad,
    });
    const position = Number(/position (\d+)/.exec(body.message)?.[1]);
    await page.locator('input.filter-input').fill(bad);
    await page.locator('.filter-form button[type=submit]').click();
    const caretView = page.locator('.filter-error .caret-view');
    await caretView.waitFor();
    expect(await caretView.getAttribute('data-position')).toBe(String(position));
    expect(await page.locator('.filter-error .caret').textContent()).toBe(`${' '.repeat(position)}^`);
    expect(await page.locator('.filter-error').textContent()).toContain(`Position ${position}`);
  });
});

describe('trace detail', () => {
  it('shows the notifications subsegments on the timeline with the URI annotation', async () => {
    const [notifications] = await tracesMatching(
      'service("notifications") AND http.url ENDSWITH "/api/activities/notifications"',
    );
    await page.goto(stack.viewerUrl(`#/trace/${notifications.Id}`));
    const rows = page.locator('.waterfall-row');
    await page.locator('.waterfall-row[data-name="returning_mock_data"]').waitFor();
    const names = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-name')));
    const outer = names.indexOf('notifications_activities');
    expect(outer).toBeGreaterThan(0);
    expect(names[outer + 1]).toBe('returning_mock_data');
    const indent = (name: string) =>
      page
        .locator(`.waterfall-row[data-name="${name}"] .row-name`)
        .evaluate((element) =>
          parseFloat((element as unknown as { style: { paddingLeft: string } }).style.paddingLeft),
        );
    expect(await indent('returning_mock_data')).toBeGreaterThan(await indent('notifications_activities'));
    await page.locator('.waterfall-row[data-name="notifications_activities"]').click();
    const annotations = page.locator(
      '.entity-details[data-entity="notifications_activities"] [data-section="Annotations"]',
    );
    await annotations.waitFor();
    expect(await annotations.textContent()).toContain('URI/api/activities/notifications');
    await page.locator('.trace-map .map-node[data-node="notifications"]').waitFor();
    expect(await page.locator('.badge.incomplete').count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'trace.png') });
  });
});

describe('an OpenTelemetry service calling the gateway', () => {
  it('is a node with its edge to the gateway, and its spans sit in the same trace as ours', async () => {
    // A service on the OpenTelemetry JS SDK only: X-Ray propagator, OTLP protobuf to the daemon's 4318 port.
    const { traceId, status } = await runOtelService(stack.daemon.otlpUrl, stack.services.url(''), {
      encoding: 'protobuf',
    });
    expect(status).toBe(200);
    const id = xrayTraceIdOf(traceId);
    await retryUntil(async () => {
      const { body } = await stack.api<{ Traces: { Segments: { Document: string }[] }[] }>('Traces', {
        TraceIds: [id],
      });
      const names = body.Traces[0]?.Segments.map((s) => (JSON.parse(s.Document) as { name: string }).name) ?? [];
      expect(names.sort()).toEqual(['activities', 'gateway', 'otel-service']);
    }, 15_000);

    await page.goto(stack.viewerUrl('#/map'));
    await page.locator('.map-node[data-node="otel-service"]').waitFor();
    await page.locator('.map-edge[data-edge="otel-service -> gateway"]').waitFor({ state: 'attached' });

    await page.goto(stack.viewerUrl(`#/trace/${id}`));
    await page.locator('.waterfall-row.row-segment[data-name="activities"]').waitFor();
    const names = await page
      .locator('.waterfall-row.row-segment')
      .evaluateAll((elements) => elements.map((element) => element.getAttribute('data-name')));
    // One timeline, caller first: the OTel service's SERVER span, then our gateway and activities under it.
    expect(names).toEqual(['otel-service', 'gateway', 'activities']);
    for (const edge of ['otel-service -> gateway', 'gateway -> activities'])
      await page.locator(`.trace-map .map-edge[data-edge="${edge}"]`).waitFor({ state: 'attached' });
    expect(await page.locator('.badge.incomplete').count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'opentelemetry-trace.png') });
  });
});

describe('inferred calls', () => {
  /** Puts one gateway segment whose only call (`call`) has no downstream segment; its trace id. */
  async function traceCalling(call: { name: string; namespace: string; sql?: object }): Promise<string> {
    const traceId = newTraceId();
    const now = Date.now() / 1000;
    const segment = {
      trace_id: traceId,
      id: newSegmentId(),
      name: 'gateway',
      start_time: now - 0.05,
      end_time: now,
      subsegments: [{ id: newSegmentId(), start_time: now - 0.04, end_time: now - 0.01, ...call }],
    };
    const { status, body } = await stack.api<{ UnprocessedTraceSegments: unknown[] }>('TraceSegments', {
      TraceSegmentDocuments: [JSON.stringify(segment)],
    });
    expect([status, body.UnprocessedTraceSegments]).toEqual([200, []]);
    return traceId;
  }

  async function showTrace(traceId: string, callName: string): Promise<void> {
    await page.goto(stack.viewerUrl(`#/trace/${traceId}`));
    await page.locator(`.waterfall-row[data-name="${callName}"]`).waitFor();
  }

  it('shows a trace whose calls go to a database and an SQL endpoint as complete', async () => {
    await showTrace(await traceCalling({ name: 'postgres@db', namespace: 'remote' }), 'postgres@db');
    expect(await page.locator('.badge.incomplete').count()).toBe(0);
    const sql = { url: 'jdbc:postgresql://db:5432/cruddur', database_type: 'PostgreSQL' };
    await showTrace(await traceCalling({ name: 'cruddur@db', namespace: 'remote', sql }), 'cruddur@db');
    expect(await page.locator('.badge.incomplete').count()).toBe(0);
  });

  it('marks a call to a service that sends segments whose segment never arrived', async () => {
    // notifications has sent segments (see beforeAll): it is an active node of the service graph.
    await showTrace(await traceCalling({ name: 'notifications', namespace: 'remote' }), 'notifications');
    await page.locator('.trace-summary .badge.incomplete').waitFor();
    expect(await page.locator('.trace-summary .badge.incomplete').textContent()).toContain('Incomplete trace');
    expect(
      await page.locator('.waterfall-row[data-name="notifications"].row-incomplete .badge.incomplete').textContent(),
    ).toContain('no downstream segment');
  });
});

describe('untrusted segment text', () => {
  it('shows an injection payload from a URL as text and runs nothing', async () => {
    await page.goto(stack.viewerUrl(`#/traces?filter=${encodeURIComponent('http.url CONTAINS "onerror"')}`));
    await retryUntil(async () => expect(await page.locator('table.traces tbody tr').count()).toBe(2), 10_000);
    const urls = await page.locator('table.traces td.url').allTextContents();
    expect(urls.some((url) => url.includes('<img/src=x/onerror=window.__pwned=1>'))).toBe(true);
    expect(urls.some((url) => url.includes('%3Cimg%20src=x%20onerror=window.__pwned=1%3E'))).toBe(true);
    expect(await page.locator('table.traces img').count()).toBe(0);

    const raw = (await tracesMatching('http.url CONTAINS "<img/src"'))[0];
    await page.goto(stack.viewerUrl(`#/trace/${raw.Id}`));
    await page.locator('.entity-details [data-section="HTTP"]').waitFor();
    expect(await page.locator('.entity-details [data-section="HTTP"]').textContent()).toContain(
      '<img/src=x/onerror=window.__pwned=1>',
    );
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(pageErrors).toEqual([]);
  });

  it('serves the UI with a strict Content-Security-Policy and nosniff', async () => {
    const response = await page.goto(stack.viewerUrl());
    const headers = response?.headers() ?? {};
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(headers['x-content-type-options']).toBe('nosniff');
  });
});
