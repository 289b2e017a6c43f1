import { EventEmitter } from 'node:events';
import { defined } from '@cruddur/test-kit';
import { SamplingRuleRegistry } from './sampling-rule-registry';
import { SamplingTargets } from './sampling-targets';
import { cruddurRule } from './cruddur-rule.fixture';

/**
 * Feeds this backend's GetSamplingRules and SamplingTargets responses through the real
 * aws-xray-sdk-core sampling code (ServiceConnector -> RuleCache -> Reservoir), so a response
 * shape or timestamp unit the SDK misreads fails here instead of silently disabling sampling.
 */
const SAMPLING = 'aws-xray-sdk-core/dist/lib/middleware/sampling';

interface SdkRule {
  getName(): string;
  getRate(): number;
  incrementRequestCount(): void;
  getReservoir(): {
    quota: number | null;
    TTL: number | null;
    borrowOrTake(now: number, canBorrow: boolean): string | false | undefined;
  };
}
interface SdkTarget {
  quota: number;
  TTL: number;
}
interface ServiceConnectorModule {
  httpClient: unknown;
  clientId: string;
  fetchSamplingRules(callback: (error: Error | null, rules?: SdkRule[]) => void): void;
  fetchTargets(
    rules: SdkRule[],
    callback: (error: Error | null, targets?: Record<string, SdkTarget>, ruleFreshness?: number) => void,
  ): void;
}
interface RuleCacheModule {
  loadRules(rules: SdkRule[]): void;
  loadTargets(targets: Record<string, unknown>): void;
  getRules(): SdkRule[];
  timestamp(now: number): void;
  getMatchedRule(request: { serviceName?: string; urlPath?: string }, now: number): SdkRule | undefined;
}

/** An `http` stand-in that answers the SDK's POSTs with a handler's JSON. */
function fakeHttp(handle: (path: string, body: unknown) => unknown) {
  return {
    request(options: { path: string }, onResponse: (response: EventEmitter) => void) {
      let body = '';
      const request = new EventEmitter() as EventEmitter & { write(chunk: string): void; end(): void };
      request.write = (chunk) => {
        body += chunk;
      };
      request.end = () => {
        const response = new EventEmitter();
        onResponse(response);
        response.emit('data', JSON.stringify(handle(options.path, JSON.parse(body))));
        response.emit('end');
      };
      return request;
    },
  };
}

describe('Node X-Ray SDK reading this backend', () => {
  let connector: ServiceConnectorModule;
  let ruleCache: RuleCacheModule;
  let registry: SamplingRuleRegistry;
  let targets: SamplingTargets;

  function fetchRules(): Promise<SdkRule[]> {
    return new Promise((resolve, reject) =>
      connector.fetchSamplingRules((error, rules) => (error ? reject(error) : resolve(rules ?? []))),
    );
  }

  function fetchTargets(rules: SdkRule[]): Promise<{ mapping: Record<string, SdkTarget>; freshness: number }> {
    return new Promise((resolve, reject) =>
      connector.fetchTargets(rules, (error, mapping, freshness) =>
        error ? reject(error) : resolve({ mapping: mapping ?? {}, freshness: freshness ?? 0 }),
      ),
    );
  }

  beforeEach(() => {
    jest.isolateModules(() => {
      connector = require(`${SAMPLING}/service_connector`) as ServiceConnectorModule;
      ruleCache = require(`${SAMPLING}/rule_cache`) as RuleCacheModule;
    });
    registry = new SamplingRuleRegistry();
    registry.create({
      SamplingRule: cruddurRule(),
    });
    targets = new SamplingTargets(registry);
    connector.httpClient = fakeHttp((path, body) =>
      path === '/GetSamplingRules' ? registry.list(body) : targets.getSamplingTargets(body),
    );
  });

  it('keeps every rule and uses the reservoir quota with a future TTL', async () => {
    const rules = await fetchRules();
    expect(rules.map((rule) => rule.getName()).sort()).toEqual(['Cruddur', 'Default']);

    const nowSeconds = Math.floor(Date.now() / 1000);
    ruleCache.loadRules(rules);
    ruleCache.timestamp(nowSeconds);
    const gatewayRule = defined(ruleCache.getMatchedRule({ serviceName: 'gateway' }, nowSeconds), 'a rule for gateway');
    expect(gatewayRule.getName()).toBe('Cruddur');
    gatewayRule.incrementRequestCount();

    const { mapping } = await fetchTargets([gatewayRule]);
    ruleCache.loadTargets(mapping);
    const reservoir = gatewayRule.getReservoir();
    expect(reservoir.quota).toBe(5);
    expect(reservoir.TTL).toBeGreaterThan(nowSeconds);
    expect(reservoir.TTL).toBeLessThan(nowSeconds + 60);
    expect(gatewayRule.getRate()).toBe(0.1);
    // Five takes from the quota in one second, then no borrowing: the quota is in force.
    const decisions = Array.from({ length: 6 }, () => reservoir.borrowOrTake(nowSeconds, true));
    expect(decisions).toEqual(['take', 'take', 'take', 'take', 'take', false]);
  });

  it('reports a rule change as fresher than the SDK last fetch, triggering a rules refresh', async () => {
    const nowSeconds = Math.floor(Date.now() / 1000) - 5;
    const rules = await fetchRules();
    ruleCache.loadRules(rules);
    ruleCache.timestamp(nowSeconds);
    registry.update({ SamplingRuleUpdate: { RuleName: 'Cruddur', FixedRate: 0.5 } });
    const rule = defined(
      rules.find((candidate) => candidate.getName() === 'Cruddur'),
      'the Cruddur rule',
    );
    rule.incrementRequestCount();
    const { freshness } = await fetchTargets([rule]);
    expect(freshness).toBeGreaterThan(nowSeconds);
  });

  it('would look expired to the SDK if the TTL were epoch seconds (why milliseconds are sent)', async () => {
    connector.httpClient = fakeHttp(() => ({
      SamplingTargetDocuments: [
        {
          RuleName: 'Cruddur',
          FixedRate: 0.1,
          ReservoirQuota: 5,
          ReservoirQuotaTTL: Date.now() / 1000 + 20,
          Interval: 10,
        },
      ],
      LastRuleModification: Date.now() / 1000,
      UnprocessedStatistics: [],
    }));
    const { mapping } = await fetchTargets([]);
    expect(mapping.Cruddur.TTL).toBeLessThan(Date.now() / 1000);
  });
});
