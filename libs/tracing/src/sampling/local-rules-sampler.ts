import { type MatchableSamplingRule, matchSamplingRule } from '@cruddur/xray-contracts';
import { PerSecondLimit } from './per-second-limit';
import type { SampleRequest, Sampler, SamplingDecision } from './sampler';
import type { LocalSamplingRules } from './sampling-rule-input';

/** Requests a second taken first, then the share of the rest. */
interface LocalQuota {
  readonly fixedTarget: number;
  readonly rate: number;
  readonly reservoir: PerSecondLimit;
}

type LocalRule = MatchableSamplingRule & LocalQuota;

/**
 * The local rules (`toLocalSamplingRules`: the configured rules of this service in priority
 * order, then the default of 1 request a second and 5%): each rule takes `fixed_target`
 * requests a second, then `rate` of the rest. As the X-Ray SDK's local sampler, it names no
 * rule in its decisions. Used before centralized rules arrive, and alone when centralized
 * sampling is off.
 */
export class LocalRulesSampler implements Sampler {
  private readonly rules: readonly LocalRule[];
  private readonly fallback: LocalQuota;

  constructor(
    document: LocalSamplingRules,
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {
    // The document is already filtered to this service and sorted: the index is the order.
    this.rules = document.rules.map((rule, index) => ({
      RuleName: rule.description,
      Priority: index,
      ServiceName: '*',
      ServiceType: '*',
      Host: rule.host,
      HTTPMethod: rule.http_method,
      URLPath: rule.url_path,
      fixedTarget: rule.fixed_target,
      rate: rule.rate,
      reservoir: new PerSecondLimit(),
    }));
    this.fallback = {
      fixedTarget: document.default.fixed_target,
      rate: document.default.rate,
      reservoir: new PerSecondLimit(),
    };
  }

  shouldSample(request: SampleRequest): SamplingDecision {
    // The rules are this service's already; only host, method and path are matched.
    const rule = matchSamplingRule(this.rules, { ...request, serviceName: undefined }) ?? this.fallback;
    const sampled = rule.reservoir.take(this.now(), rule.fixedTarget) || this.random() < rule.rate;
    return { sampled };
  }
}
