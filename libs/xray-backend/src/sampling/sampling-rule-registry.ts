import {
  compareRules,
  type GetSamplingRulesResult,
  matchSamplingRule,
  type SamplingRequest,
  type SamplingRule,
  type SamplingRuleRecord,
  samplingRuleArn,
} from '@cruddur/xray-contracts';
import { paginate } from '../api-errors/next-token';
import { optionalString, requiredNumber, requireObject } from '../api-errors/request-fields';
import { invalidRequest, XRayApiError } from '../api-errors/xray-api-error';
import { DEFAULT_RULE_DEFINITION, DEFAULT_RULE_NAME, SamplingRuleDefinition } from './sampling-rule';
import {
  parseRuleSelector,
  parseSamplingRuleDefinition,
  parseSamplingRuleUpdate,
  RuleSelector,
} from './sampling-rule-validation';

export interface SamplingRuleRegistryOptions {
  /** Clock in epoch milliseconds. */
  readonly now?: () => number;
  /** Rules besides Default; AWS's quota is 25. */
  readonly maxRules?: number;
  /** Records per GetSamplingRules page. */
  readonly pageSize?: number;
}

/** What the app persists and hands back to `restore`: plain JSON. */
export interface SamplingRulesSnapshot {
  readonly SamplingRuleRecords: readonly SamplingRuleRecord[];
  /** Epoch seconds. */
  readonly LastRuleModification: number;
}

const PAGE_SCOPE = 'GetSamplingRules';
/** Only these may change on the Default rule, as in the X-Ray console. */
const DEFAULT_RULE_MUTABLE = new Set(['FixedRate', 'ReservoirSize']);

/**
 * The account's sampling rules: the Create/Get/Update/DeleteSamplingRule operations with AWS's
 * validation and errors, the built-in Default rule, and the last-modification time the
 * SamplingTargets response reports so SDKs refetch rules after a change.
 * Operations take the parsed JSON request body and validate it.
 */
export class SamplingRuleRegistry {
  private readonly records = new Map<string, SamplingRuleRecord>();
  private readonly now: () => number;
  private readonly maxRules: number;
  private readonly pageSize: number;
  private lastModification: number;

  constructor(options: SamplingRuleRegistryOptions = {}) {
    this.now = options.now ?? Date.now;
    this.maxRules = options.maxRules ?? 25;
    this.pageSize = options.pageSize ?? 100;
    this.lastModification = this.seconds();
    this.records.set(DEFAULT_RULE_NAME, this.newRecord(DEFAULT_RULE_DEFINITION));
  }

  /** Epoch seconds of the last create, update or delete. */
  get lastRuleModification(): number {
    return this.lastModification;
  }

  /** CreateSamplingRule: `{SamplingRule: {...}}`, also the `--cli-input-json` file format. */
  create(request: unknown): { SamplingRuleRecord: SamplingRuleRecord } {
    const definition = parseSamplingRuleDefinition(requireObject(request, 'CreateSamplingRuleRequest').SamplingRule);
    if (this.records.has(definition.RuleName)) {
      throw invalidRequest(`A sampling rule named ${definition.RuleName} already exists`);
    }
    if (this.records.size - 1 >= this.maxRules) {
      throw new XRayApiError('RuleLimitExceededException', `The account already has ${this.maxRules} sampling rules`);
    }
    const record = this.newRecord(definition);
    this.records.set(definition.RuleName, record);
    this.modified();
    return { SamplingRuleRecord: record };
  }

  /**
   * Seeds a rule from an `aws xray create-sampling-rule --cli-input-json` file: creates it, or
   * updates it to the file's definition when it exists, so seeding on every start is harmless.
   */
  loadCliInput(json: string): SamplingRuleRecord {
    let request: unknown;
    try {
      request = JSON.parse(json);
    } catch {
      throw invalidRequest('The sampling rule file is not valid JSON');
    }
    const definition = parseSamplingRuleDefinition(requireObject(request, 'CreateSamplingRuleRequest').SamplingRule);
    if (!this.records.has(definition.RuleName)) return this.create(request).SamplingRuleRecord;
    // An update reads RuleName as the selector and every other rule field as a change.
    return this.update({ SamplingRuleUpdate: definition }).SamplingRuleRecord;
  }

  get(ruleName: string): SamplingRuleRecord | undefined {
    return this.records.get(ruleName);
  }

  /** GetSamplingRules: `{NextToken?}`. */
  list(request: unknown = {}): GetSamplingRulesResult {
    const nextToken = optionalString(
      requireObject(request, 'GetSamplingRulesRequest'),
      'NextToken',
      'GetSamplingRulesRequest',
    );
    const page = paginate(this.sortedRecords(), pageKey, PAGE_SCOPE, nextToken, this.pageSize);
    return page.nextToken === undefined
      ? { SamplingRuleRecords: page.items }
      : { SamplingRuleRecords: page.items, NextToken: page.nextToken };
  }

  /** UpdateSamplingRule: `{SamplingRuleUpdate: {RuleName | RuleARN, ...changes}}`. */
  update(request: unknown): { SamplingRuleRecord: SamplingRuleRecord } {
    const body = requireObject(request, 'UpdateSamplingRuleRequest');
    const { selector, changes } = parseSamplingRuleUpdate(body.SamplingRuleUpdate);
    const existing = this.select(selector);
    const rule = existing.SamplingRule;
    if (rule.RuleName === DEFAULT_RULE_NAME) {
      const forbidden = Object.keys(changes).filter((key) => !DEFAULT_RULE_MUTABLE.has(key));
      if (forbidden.length > 0) {
        throw invalidRequest(
          `Only FixedRate and ReservoirSize of the Default rule can be changed, not ${forbidden.join(', ')}`,
        );
      }
    }
    const record: SamplingRuleRecord = {
      SamplingRule: { ...rule, ...changes },
      CreatedAt: existing.CreatedAt,
      ModifiedAt: this.seconds(),
    };
    this.records.set(rule.RuleName, record);
    this.modified();
    return { SamplingRuleRecord: record };
  }

  /** DeleteSamplingRule: `{RuleName | RuleARN}`. The Default rule cannot be deleted. */
  delete(request: unknown): { SamplingRuleRecord: SamplingRuleRecord } {
    const selector = parseRuleSelector(
      requireObject(request, 'DeleteSamplingRuleRequest'),
      'DeleteSamplingRuleRequest',
    );
    const record = this.select(selector);
    if (record.SamplingRule.RuleName === DEFAULT_RULE_NAME)
      throw invalidRequest('The Default sampling rule cannot be deleted');
    this.records.delete(record.SamplingRule.RuleName);
    this.modified();
    return { SamplingRuleRecord: record };
  }

  /** All rules in the order SDKs evaluate them. */
  rules(): SamplingRule[] {
    return this.sortedRecords().map((record) => record.SamplingRule);
  }

  /** The rule an SDK would apply to the request (Default when nothing else matches). */
  match(request: SamplingRequest): SamplingRule {
    const matched = matchSamplingRule(this.rules(), request);
    if (matched !== undefined) return matched;
    // Default matches everything and cannot be deleted, so this only runs if that invariant broke.
    const fallback = this.records.get(DEFAULT_RULE_NAME);
    if (fallback === undefined) throw new Error('sampling rules: the Default rule is missing');
    return fallback.SamplingRule;
  }

  snapshot(): SamplingRulesSnapshot {
    return { SamplingRuleRecords: this.sortedRecords(), LastRuleModification: this.lastModification };
  }

  /** Replaces all rules with a snapshot, validating it like API input; keeps Default present. */
  restore(snapshot: unknown): void {
    const path = 'SamplingRulesSnapshot';
    const body = requireObject(snapshot, path);
    if (!Array.isArray(body.SamplingRuleRecords)) throw invalidRequest(`${path}.SamplingRuleRecords must be a list`);
    const restored = new Map<string, SamplingRuleRecord>();
    for (const [index, value] of body.SamplingRuleRecords.entries()) {
      const where = `${path}.SamplingRuleRecords[${index}]`;
      const record = requireObject(value, where);
      const definition = this.restoredDefinition(record.SamplingRule, `${where}.SamplingRule`);
      restored.set(definition.RuleName, {
        SamplingRule: { ...definition, RuleARN: samplingRuleArn(definition.RuleName) },
        CreatedAt: requiredNumber(record, 'CreatedAt', where, { min: 0 }),
        ModifiedAt: requiredNumber(record, 'ModifiedAt', where, { min: 0 }),
      });
    }
    if (!restored.has(DEFAULT_RULE_NAME)) restored.set(DEFAULT_RULE_NAME, this.newRecord(DEFAULT_RULE_DEFINITION));
    const lastModification = requiredNumber(body, 'LastRuleModification', path, { min: 0 });
    this.records.clear();
    for (const [name, record] of restored) this.records.set(name, record);
    this.lastModification = lastModification;
  }

  /** Default keeps its fixed fields (its priority, 10000, is outside the range rules may use). */
  private restoredDefinition(value: unknown, path: string): SamplingRuleDefinition {
    const rule = requireObject(value, path);
    if (rule.RuleName !== DEFAULT_RULE_NAME) return parseSamplingRuleDefinition(rule, path);
    return {
      ...DEFAULT_RULE_DEFINITION,
      FixedRate: requiredNumber(rule, 'FixedRate', path, { min: 0, max: 1 }),
      ReservoirSize: requiredNumber(rule, 'ReservoirSize', path, { min: 0, integer: true }),
    };
  }

  private select(selector: RuleSelector): SamplingRuleRecord {
    const name = 'RuleName' in selector ? selector.RuleName : this.nameFromArn(selector.RuleARN);
    const record = name === undefined ? undefined : this.records.get(name);
    if (!record)
      throw invalidRequest(
        `Sampling rule ${'RuleName' in selector ? selector.RuleName : selector.RuleARN} does not exist`,
      );
    return record;
  }

  private nameFromArn(arn: string): string | undefined {
    for (const [name, record] of this.records) if (record.SamplingRule.RuleARN === arn) return name;
    return undefined;
  }

  private newRecord(definition: SamplingRuleDefinition): SamplingRuleRecord {
    const now = this.seconds();
    return {
      SamplingRule: { ...definition, RuleARN: samplingRuleArn(definition.RuleName) },
      CreatedAt: now,
      ModifiedAt: now,
    };
  }

  private sortedRecords(): SamplingRuleRecord[] {
    return [...this.records.values()].sort((a, b) => compareRules(a.SamplingRule, b.SamplingRule));
  }

  private modified(): void {
    this.lastModification = this.seconds();
  }

  private seconds(): number {
    return this.now() / 1000;
  }
}

/** Sorts like `compareRules` as a string (priorities are 1..10000), as paging needs. */
function pageKey(record: SamplingRuleRecord): string {
  return `${String(record.SamplingRule.Priority).padStart(5, '0')} ${record.SamplingRule.RuleName}`;
}
