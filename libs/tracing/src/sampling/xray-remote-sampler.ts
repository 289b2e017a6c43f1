import { randomBytes } from 'node:crypto';
import { compareRules, matchSamplingRule, type SamplingRule } from '@cruddur/xray-contracts';
import { CentralizedRule } from './centralized-rule';
import type { SampleRequest, Sampler, SamplingDecision } from './sampler';
import { type SamplerClock, type SamplerTimer, systemClock } from './sampler-clock';
import { parseSamplingRulesPage, parseSamplingTargets, type SamplingTransport } from './sampling-api';

/** Warnings go to the tracer's logger, which rate-limits them (one line per text a minute). */
export interface SamplerLogger {
  warn(message: string): void;
}

export interface XRayRemoteSamplerOptions {
  transport: SamplingTransport;
  /** Decides until centralized rules arrive, and whenever none is usable (the local rules). */
  fallback: Sampler;
  logger: SamplerLogger;
  /** Between GetSamplingRules polls. Default 300 s, as the SDKs. */
  rulesIntervalMs?: number;
  /** Between SamplingTargets reports, unless a target's Interval asks for sooner. Default 10 s. */
  targetsIntervalMs?: number;
  clock?: SamplerClock;
  random?: () => number;
  /** 24 hex digits naming this process to the daemon. Default: random. */
  clientId?: string;
}

const RULES_JITTER_MS = 5_000;
const TARGETS_JITTER_MS = 100;
/** However short a target's Interval, reports are at least this far apart. */
const MIN_TARGETS_INTERVAL_MS = 1_000;
/** Rules not refreshed for an hour are stale: the local rules decide again (as in the SDKs). */
const RULES_TTL_MS = 60 * 60 * 1000;
/** GetSamplingRules pages followed at most, so a proxy that always answers a NextToken cannot loop us. */
const MAX_RULE_PAGES = 20;

/**
 * X-Ray's centralized (remote) sampler, as the X-Ray SDKs and ADOT implement it, without the
 * SDK: polls the daemon's (or a proxy's) `/GetSamplingRules` at start and every 5 minutes (every
 * 10 s until the first rules arrive), and
 * reports each matched rule's counts to `/SamplingTargets` every 10 s to get its quota back;
 * decides each request by the first matching rule in priority order. Polls run from unref'd
 * timers outside any request and never throw: a failed or invalid answer is logged and the
 * last rules stay in force.
 */
export class XRayRemoteSampler implements Sampler {
  readonly clientId: string;
  private rules: CentralizedRule[] = [];
  /** Epoch milliseconds of the last rules that arrived; 0 before any. */
  private rulesFetchedAt = 0;
  private readonly clock: SamplerClock;
  private readonly random: () => number;
  private readonly rulesIntervalMs: number;
  private readonly targetsIntervalMs: number;
  private readonly abort = new AbortController();
  private rulesTimer?: SamplerTimer;
  private targetsTimer?: SamplerTimer;
  private rulesPolling = false;

  constructor(private readonly options: XRayRemoteSamplerOptions) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.rulesIntervalMs = options.rulesIntervalMs ?? 300_000;
    this.targetsIntervalMs = options.targetsIntervalMs ?? 10_000;
    this.clientId = options.clientId ?? randomBytes(12).toString('hex');
  }

  /** Starts polling: rules at once, targets after one interval. */
  start(): this {
    this.scheduleRules(0);
    this.scheduleTargets(this.targetsIntervalMs);
    return this;
  }

  shutdown(): void {
    this.abort.abort();
    this.rulesTimer?.cancel();
    this.targetsTimer?.cancel();
    this.options.fallback.shutdown?.();
  }

  shouldSample(request: SampleRequest, traceId: string): SamplingDecision {
    const now = this.clock.now();
    // The Node SDK fills in the service type only on AWS platforms; plain Node sends none.
    const rule = this.rulesFetchedAt + RULES_TTL_MS > now ? matchSamplingRule(this.rules, request) : undefined;
    if (!rule) return this.options.fallback.shouldSample(request, traceId);
    const outcome = rule.decide(now, this.random);
    return outcome === 'none' ? { sampled: false } : { sampled: true, rule: rule.RuleName };
  }

  /** The rules in force, in the order they are matched (tests, diagnostics). */
  ruleNames(): string[] {
    return this.rules.map((rule) => rule.RuleName);
  }

  private scheduleRules(delayMs: number): void {
    if (this.abort.signal.aborted) return;
    this.rulesTimer = this.clock.setTimer(() => {
      void this.pollRules().finally(() => this.scheduleRules(this.rulesIntervalMs + this.random() * RULES_JITTER_MS));
    }, delayMs);
  }

  private scheduleTargets(delayMs: number): void {
    if (this.abort.signal.aborted) return;
    this.targetsTimer = this.clock.setTimer(() => {
      // Rescheduled whatever happens: a report that failed must not end reporting for good.
      void this.reportTargets()
        .catch(() => this.targetsIntervalMs)
        .then((nextMs) => this.scheduleTargets(nextMs + this.random() * TARGETS_JITTER_MS));
    }, delayMs);
  }

  /** Fetches every page of rules and puts them in force; keeps the last rules on any failure. */
  private async pollRules(): Promise<void> {
    if (this.rulesPolling) return;
    this.rulesPolling = true;
    try {
      const fetchedAt = this.clock.now();
      const rules: SamplingRule[] = [];
      let nextToken: string | undefined;
      for (let page = 0; page < MAX_RULE_PAGES; page++) {
        const body = await this.options.transport.post(
          '/GetSamplingRules',
          nextToken ? { NextToken: nextToken } : {},
          this.abort.signal,
        );
        const parsed = parseSamplingRulesPage(body);
        for (const problem of parsed.problems) this.warn(`X-Ray sampling: ${problem}`);
        rules.push(...parsed.rules);
        nextToken = parsed.nextToken;
        if (!nextToken) break;
      }
      if (this.abort.signal.aborted) return;
      this.install(rules, fetchedAt);
    } catch (error) {
      this.failed('sampling rules', error);
    } finally {
      this.rulesPolling = false;
    }
  }

  /** Same-named rules keep their quota and counts; the list is kept sorted as the SDKs match. */
  private install(rules: SamplingRule[], fetchedAt: number): void {
    const previous = new Map(this.rules.map((rule) => [rule.RuleName, rule]));
    this.rules = rules.sort(compareRules).map((definition) => {
      const rule = new CentralizedRule(definition);
      const before = previous.get(definition.RuleName);
      if (before) rule.continueFrom(before);
      return rule;
    });
    this.rulesFetchedAt = fetchedAt;
  }

  /** Reports the counts of rules that are due; returns when to report next. */
  private async reportTargets(): Promise<number> {
    // No rules yet (the daemon was down or started after us): ask again at this shorter
    // interval rather than in five minutes, so a late daemon's rules apply within seconds.
    if (this.rulesFetchedAt === 0) {
      await this.pollRules();
      return this.targetsIntervalMs;
    }
    const now = this.clock.now();
    const due = this.rules.filter((rule) => rule.dueForReport(now));
    if (due.length === 0) return this.targetsIntervalMs;
    const documents = due.map((rule) => rule.takeStatistics(this.clientId, now));
    try {
      const body = await this.options.transport.post(
        '/SamplingTargets',
        { SamplingStatisticsDocuments: documents },
        this.abort.signal,
      );
      const answer = parseSamplingTargets(body);
      for (const problem of answer.problems) this.warn(`X-Ray sampling: ${problem}`);
      for (const unprocessed of answer.unprocessed)
        this.warn(`X-Ray sampling: statistics for rule ${unprocessed.RuleName} not taken: ${unprocessed.Message}`);
      const answeredAt = this.clock.now();
      const byName = new Map(this.rules.map((rule) => [rule.RuleName, rule]));
      for (const target of answer.targets) byName.get(target.RuleName)?.applyTarget(target, answeredAt);
      // A rule changed since our copy: fetch the rules now rather than at the next poll.
      if (answer.lastRuleModification > this.rulesFetchedAt) void this.pollRules();
      const intervals = answer.targets.flatMap((target) => (target.Interval ? [target.Interval * 1000] : []));
      return Math.max(MIN_TARGETS_INTERVAL_MS, Math.min(this.targetsIntervalMs, ...intervals));
    } catch (error) {
      this.failed('sampling targets', error);
      return this.targetsIntervalMs;
    }
  }

  private failed(what: string, error: unknown): void {
    if (this.abort.signal.aborted) return;
    const reason = error instanceof Error ? error.message : String(error);
    this.warn(`X-Ray sampling: could not get ${what} (${reason}); keeping the last ones, retrying next interval`);
  }

  private warn(message: string): void {
    this.options.logger.warn(message);
  }
}
