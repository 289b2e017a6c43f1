import type {
  GetSamplingTargetsRequest,
  PageRequest,
  SamplingRule,
  SamplingTargetDocument,
  UnprocessedStatistics,
} from '@cruddur/xray-contracts';

/** The two operations a client sampler calls, with what it sends. */
export interface SamplingApiRequests {
  '/GetSamplingRules': PageRequest;
  '/SamplingTargets': GetSamplingTargetsRequest;
}

/** Posts to the daemon's (or a proxy's) sampling API; resolves with the parsed JSON, rejects on any failure. */
export interface SamplingTransport {
  post<P extends keyof SamplingApiRequests>(
    path: P,
    body: SamplingApiRequests[P],
    signal: AbortSignal,
  ): Promise<unknown>;
}

/**
 * Why a request failed, in words a log line can use: fetch itself only says "fetch failed".
 * Read by shape, not `instanceof`: fetch's errors may come from another realm (undici's).
 */
function failureOf(error: unknown, timeoutMs: number): string {
  const failure = (error ?? {}) as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (failure.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  return failure.cause?.code ?? failure.cause?.message ?? failure.message ?? String(error);
}

/** The sampling API over HTTP with the global fetch: `endpoint` is `http://host:port`. */
export function httpSamplingTransport(endpoint: string, timeoutMs: number): SamplingTransport {
  const base = endpoint.replace(/\/+$/, '');
  return {
    async post(path, body, signal) {
      let response: Response;
      let text: string;
      try {
        response = await fetch(`${base}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
        });
        text = await response.text();
      } catch (error) {
        throw new Error(`${base}${path}: ${failureOf(error, timeoutMs)}`, { cause: error });
      }
      if (!response.ok) throw new Error(`HTTP ${response.status} from ${base}${path}`);
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new Error(`${base}${path} answered with no JSON`);
      }
    },
  };
}

/** What a GetSamplingRules page holds for this client: usable rules, and what was wrong with the rest. */
export interface SamplingRulesPage {
  rules: SamplingRule[];
  nextToken?: string;
  problems: string[];
}

/** What a SamplingTargets answer holds, timestamps in epoch milliseconds. */
export interface SamplingTargetsAnswer {
  targets: Array<
    Omit<SamplingTargetDocument, 'ReservoirQuota' | 'ReservoirQuotaTTL' | 'Interval'> & {
      ReservoirQuota?: number;
      /** Epoch milliseconds. */
      quotaExpiresAt?: number;
      Interval?: number;
    }
  >;
  /** Epoch milliseconds. */
  lastRuleModification: number;
  unprocessed: UnprocessedStatistics[];
  problems: string[];
}

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/**
 * A timestamp of the sampling API in epoch milliseconds. The X-Ray API sends epoch seconds, the
 * local daemon sends milliseconds (the Node SDK misreads seconds; see xray-backend's
 * sdk-timestamp.ts): epoch seconds stay below 1e11 until the year 5138, milliseconds are above it
 * since 1973, so the size says which. ISO text is read too.
 */
export function samplingTimestampMs(value: unknown): number | undefined {
  if (isNumber(value)) return value < 1e11 ? value * 1000 : value;
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/** Why a rule cannot be used, or undefined when it is a valid version-1 rule. */
function ruleProblem(rule: Fields): string | undefined {
  for (const key of ['RuleName', 'ServiceName', 'ServiceType', 'Host', 'HTTPMethod', 'URLPath'] as const) {
    if (!isText(rule[key])) return `${key} must be a non-empty string`;
  }
  if (!isNumber(rule.Priority)) return 'Priority must be a number';
  if (!isNumber(rule.FixedRate) || rule.FixedRate < 0 || rule.FixedRate > 1) return 'FixedRate must be in 0..1';
  if (!Number.isInteger(rule.ReservoirSize) || (rule.ReservoirSize as number) < 0)
    return 'ReservoirSize must be an integer >= 0';
  return undefined;
}

/**
 * Reads a GetSamplingRules answer. Throws when it is not one; leaves out, with a problem, each
 * rule that is malformed. Rules of another version, for other resources (ResourceARN other than
 * `*`) or with Attributes are valid but cannot be matched by a client that knows neither (the
 * SDKs skip them too), so they are left out silently.
 */
export function parseSamplingRulesPage(body: unknown): SamplingRulesPage {
  if (!isObject(body) || !Array.isArray(body.SamplingRuleRecords))
    throw new Error('GetSamplingRules answer has no SamplingRuleRecords list');
  const rules: SamplingRule[] = [];
  const problems: string[] = [];
  for (const [index, record] of body.SamplingRuleRecords.entries()) {
    const rule = isObject(record) ? record.SamplingRule : undefined;
    if (!isObject(rule)) {
      problems.push(`SamplingRuleRecords[${index}] has no SamplingRule`);
      continue;
    }
    if (rule.Version !== 1 || rule.ResourceARN !== '*') continue;
    if (isObject(rule.Attributes) && Object.keys(rule.Attributes).length > 0) continue;
    const problem = ruleProblem(rule);
    if (problem) problems.push(`rule ${JSON.stringify(rule.RuleName ?? index)} ignored: ${problem}`);
    else rules.push(rule as unknown as SamplingRule);
  }
  const nextToken = isText(body.NextToken) ? body.NextToken : undefined;
  return { rules, nextToken, problems };
}

/** Why a target document cannot be applied, or undefined. */
function targetProblem(document: Fields): string | undefined {
  if (!isText(document.RuleName)) return 'RuleName must be a non-empty string';
  if (!isNumber(document.FixedRate) || document.FixedRate < 0 || document.FixedRate > 1)
    return 'FixedRate must be in 0..1';
  const quota = document.ReservoirQuota;
  if (quota !== undefined && (!Number.isInteger(quota) || (quota as number) < 0))
    return 'ReservoirQuota must be an integer >= 0';
  if (document.Interval !== undefined && (!isNumber(document.Interval) || document.Interval <= 0))
    return 'Interval must be a positive number';
  return undefined;
}

/**
 * Reads a SamplingTargets answer. Throws when it is not one; leaves out, with a problem, each
 * target document that is malformed.
 */
export function parseSamplingTargets(body: unknown): SamplingTargetsAnswer {
  if (!isObject(body)) throw new Error('SamplingTargets answer is not an object');
  const lastRuleModification = samplingTimestampMs(body.LastRuleModification);
  if (lastRuleModification === undefined) throw new Error('SamplingTargets answer has no LastRuleModification');
  const documents = body.SamplingTargetDocuments ?? [];
  if (!Array.isArray(documents)) throw new Error('SamplingTargets answer: SamplingTargetDocuments is not a list');
  const targets: SamplingTargetsAnswer['targets'] = [];
  const problems: string[] = [];
  for (const [index, document] of documents.entries()) {
    const problem = isObject(document) ? targetProblem(document) : 'not an object';
    if (problem !== undefined || !isObject(document)) {
      problems.push(`SamplingTargetDocuments[${index}] ignored: ${problem}`);
      continue;
    }
    targets.push({
      RuleName: document.RuleName as string,
      FixedRate: document.FixedRate as number,
      ReservoirQuota: document.ReservoirQuota as number | undefined,
      quotaExpiresAt: samplingTimestampMs(document.ReservoirQuotaTTL),
      Interval: document.Interval as number | undefined,
    });
  }
  const unprocessed = Array.isArray(body.UnprocessedStatistics)
    ? body.UnprocessedStatistics.filter((u): u is UnprocessedStatistics => isObject(u) && isText(u.RuleName))
    : [];
  return { targets, lastRuleModification, unprocessed, problems };
}
