import type { Random } from '../support/scale';
import { samplingRuleInput } from '@cruddur/test-kit';

/** One generated X-Ray API request. `mustFail`: the input is invalid by the API's model, so only a 4xx is right. */
export interface ApiCase {
  readonly kind: string;
  readonly path: string;
  readonly body: string;
  readonly mustFail: boolean;
}

/** Every operation with a body that is valid for it (the base every mutation starts from). */
export const OPERATIONS: Record<string, () => Record<string, unknown>> = {
  '/CreateGroup': () => ({
    GroupName: `g${Math.random().toString(36).slice(2, 10)}`,
    FilterExpression: 'service("gateway") {fault}',
  }),
  '/GetGroup': () => ({ GroupName: 'Default' }),
  '/Groups': () => ({}),
  '/UpdateGroup': () => ({ GroupName: 'fuzz', FilterExpression: 'error' }),
  '/DeleteGroup': () => ({ GroupName: 'no-such-group' }),
  '/CreateSamplingRule': () => ({
    SamplingRule: samplingRuleInput({
      RuleName: `r${Math.random().toString(36).slice(2, 10)}`,
      FixedRate: 0.1,
      ReservoirSize: 1,
    }).SamplingRule,
  }),
  '/GetSamplingRules': () => ({}),
  '/UpdateSamplingRule': () => ({ SamplingRuleUpdate: { RuleName: 'Default', FixedRate: 0.05 } }),
  '/DeleteSamplingRule': () => ({ RuleName: 'no-such-rule' }),
  '/SamplingTargets': () => ({
    SamplingStatisticsDocuments: [
      {
        RuleName: 'Default',
        ClientID: 'a'.repeat(24),
        RequestCount: 1,
        SampledCount: 1,
        BorrowCount: 0,
        Timestamp: Date.now() / 1000,
      },
    ],
  }),
  '/SamplingStatisticSummaries': () => ({}),
  '/TraceSegments': () => ({ TraceSegmentDocuments: [] }),
  '/TraceSummaries': () => ({ StartTime: Date.now() / 1000 - 600, EndTime: Date.now() / 1000 }),
  '/Traces': () => ({ TraceIds: ['1-5759e988-bd862e3fe1be46a994272793'] }),
  '/ServiceGraph': () => ({ StartTime: Date.now() / 1000 - 600, EndTime: Date.now() / 1000 }),
  '/TraceGraph': () => ({ TraceIds: ['1-5759e988-bd862e3fe1be46a994272793'] }),
};

/** Fields each operation reads (and the nested objects a mutation can reach). */
const FIELDS: Record<string, string[]> = {
  '/CreateGroup': ['GroupName', 'FilterExpression', 'InsightsConfiguration', 'Tags'],
  '/GetGroup': ['GroupName', 'GroupARN'],
  '/Groups': ['NextToken'],
  '/UpdateGroup': ['GroupName', 'GroupARN', 'FilterExpression', 'InsightsConfiguration'],
  '/DeleteGroup': ['GroupName', 'GroupARN'],
  '/CreateSamplingRule': [
    'SamplingRule',
    'SamplingRule.RuleName',
    'SamplingRule.Priority',
    'SamplingRule.FixedRate',
    'SamplingRule.ReservoirSize',
    'SamplingRule.Version',
    'SamplingRule.Host',
    'SamplingRule.Attributes',
    'Tags',
  ],
  '/GetSamplingRules': ['NextToken'],
  '/UpdateSamplingRule': [
    'SamplingRuleUpdate',
    'SamplingRuleUpdate.RuleName',
    'SamplingRuleUpdate.FixedRate',
    'SamplingRuleUpdate.Priority',
    'SamplingRuleUpdate.Attributes',
  ],
  '/DeleteSamplingRule': ['RuleName', 'RuleARN'],
  '/SamplingTargets': [
    'SamplingStatisticsDocuments',
    'SamplingStatisticsDocuments.0',
    'SamplingStatisticsDocuments.0.RuleName',
    'SamplingStatisticsDocuments.0.ClientID',
    'SamplingStatisticsDocuments.0.RequestCount',
    'SamplingStatisticsDocuments.0.Timestamp',
  ],
  '/SamplingStatisticSummaries': ['NextToken'],
  '/TraceSegments': ['TraceSegmentDocuments', 'TraceSegmentDocuments.0'],
  '/TraceSummaries': [
    'StartTime',
    'EndTime',
    'TimeRangeType',
    'Sampling',
    'SamplingStrategy',
    'FilterExpression',
    'NextToken',
  ],
  '/Traces': ['TraceIds', 'TraceIds.0', 'NextToken'],
  '/ServiceGraph': ['StartTime', 'EndTime', 'GroupName', 'GroupARN', 'NextToken'],
  '/TraceGraph': ['TraceIds', 'TraceIds.0', 'NextToken'],
};

const WRONG_VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  2 ** 53 + 2,
  -1e308,
  '',
  'x',
  'x'.repeat(70_000),
  '\u0000\ud800',
  [],
  [1, 'a'],
  {},
  { a: { b: [] } },
  '2026-11-22T00:00:00Z',
  'NaN',
];
const RAW_WRONG_VALUES = ['1e400', '-1e400', '123456789012345678901234567890123456789'];

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node: Record<string, unknown> = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

/** Invalid filter expressions: none of these parses (deep nesting included: the parser must refuse, not overflow). */
export function invalidFilter(r: Random): string {
  const vocabulary = [
    'service(',
    'edge(',
    'id(',
    ')',
    '(',
    '{',
    '}',
    'AND',
    'OR',
    '!',
    '=',
    '!=',
    '<',
    '>=',
    'CONTAINS',
    'ok',
    'fault',
    'responsetime',
    'http.status',
    'annotation.',
    '"x"',
    '"',
    '5',
    '1e400',
    ',',
    ':',
    'name:',
    'type:',
    'user',
    '@',
    '#',
    '\u0000',
    '🚀',
  ];
  const variants: (() => string)[] = [
    () => '('.repeat(1 + r.int(50_000)),
    () => `${'('.repeat(10_000)}ok${')'.repeat(10_000)}`,
    () => `${'!'.repeat(1 + r.int(100_000))}ok`,
    () => `${'service("a") {'.repeat(2000)}ok${'}'.repeat(2000)}`,
    () => `ok AND ${'ok AND '.repeat(r.int(20_000))}`,
    () => 'http.url = "unterminated',
    () => 'responsetime > ',
    () => 'annotation.bad-key = 1',
    () => 'annotation. = 1',
    () => 'service(',
    () => 'edge("a") {ok}',
    () => 'id(name: 1)',
    () => 'http.status CONTAINS 5',
    () => 'http.url > "a"',
    () => 'ok OR OR fault',
    () => ')(',
    () => `"${'x'.repeat(r.int(100_000))}`,
    () => {
      const n = 2 + r.int(12);
      const parts: string[] = [];
      for (let i = 0; i < n; i++) parts.push(r.pick(vocabulary));
      // Random soup can happen to parse; end with an operator so it never does.
      return `${parts.join(' ')} AND`;
    },
  ];
  return r.pick(variants)();
}

function forgedToken(r: Random): unknown {
  const payload = Buffer.from(
    JSON.stringify({
      scope: r.pick(['GetGroups', 'GetSamplingRules', 'GetTraceSummaries', 'BatchGetTraces', 'GetServiceGraph']),
      after: r.pick(['', 'z', '\u0000', '0'.repeat(10)]),
    }),
  ).toString('base64url');
  return r.pick<unknown>([
    '',
    'x',
    `${payload}.${r.bytes(32).toString('base64url')}`,
    `${payload}.`,
    `.${r.bytes(32).toString('base64url')}`,
    `${payload}.${r.bytes(32).toString('base64url')}.extra`,
    `${Buffer.from('{"scope":').toString('base64url')}.${r.bytes(32).toString('base64url')}`,
    r.bytes(1 + r.int(500)).toString('base64'),
    r.bytes(3000).toString('base64url'),
    '%00%0d%0a',
    '..'.repeat(100),
    'eyJzY29wZSI6IkdldEdyb3VwcyJ9.\u0000',
    42,
    ['token'],
    { scope: 'GetGroups', after: '' },
    null,
  ]);
}

/** The generated corpus: `n` requests across every operation. */
export function apiCorpus(r: Random, n: number): ApiCase[] {
  const paths = Object.keys(OPERATIONS);
  const cases: ApiCase[] = [];
  const generic: (() => ApiCase)[] = [
    () => ({
      kind: 'invalid_json',
      path: r.pick(paths),
      body: r.pick([
        '{',
        '{"a":}',
        "{'a':1}",
        '{"a":1,}',
        'nul',
        '\u0000',
        '{"a":"\ud800"',
        r
          .bytes(1 + r.int(3000))
          .toString('latin1')
          .replace(/^\s*[{[]/, '#'),
      ]),
      mustFail: true,
    }),
    () => ({
      kind: 'not_object',
      path: r.pick(paths),
      body: r.pick(['[]', '[{}]', '1', '"body"', 'null', 'true', '1e400']),
      mustFail: true,
    }),
    () => ({
      kind: 'deep_json',
      path: r.pick(paths),
      body: `{"GroupName":${'['.repeat(1 + r.int(100_000))}`,
      mustFail: true,
    }),
    () => ({
      kind: 'deep_json_closed',
      path: r.pick(paths),
      body: `{"x":${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
      mustFail: false,
    }),
    () => ({
      kind: 'proto_keys',
      path: r.pick(paths),
      body: `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},${JSON.stringify(OPERATIONS[r.pick(paths)]()).slice(1)}`,
      mustFail: false,
    }),
  ];
  for (let i = 0; i < n; i++) {
    const roll = r.int(10);
    if (roll < 2) {
      cases.push(r.pick(generic)());
      continue;
    }
    const path = roll < 4 ? r.pick(['/CreateGroup', '/UpdateGroup', '/TraceSummaries']) : r.pick(paths);
    const body = OPERATIONS[path]();
    if (roll < 4) {
      body.FilterExpression = invalidFilter(r);
      cases.push({ kind: 'invalid_filter', path, body: JSON.stringify(body), mustFail: true });
      continue;
    }
    if (roll < 6 && FIELDS[path].includes('NextToken')) {
      body.NextToken = forgedToken(r);
      // An empty string NextToken is the same as none in AWS SDKs; anything else forged must fail.
      cases.push({
        kind: 'forged_next_token',
        path,
        body: JSON.stringify(body),
        mustFail: body.NextToken !== null && body.NextToken !== '',
      });
      continue;
    }
    const field = r.pick(FIELDS[path]);
    if (r.int(6) === 0) {
      const raw = r.pick(RAW_WRONG_VALUES);
      setPath(body, field, '__RAW__');
      cases.push({ kind: 'huge_number', path, body: JSON.stringify(body).replace('"__RAW__"', raw), mustFail: false });
      continue;
    }
    setPath(body, field, r.pick(WRONG_VALUES));
    cases.push({ kind: 'wrong_type', path, body: JSON.stringify(body), mustFail: false });
  }
  return cases;
}
