import { invalidRequest } from '../api-errors/xray-api-error';
import {
  JsonObject,
  optionalNumber,
  optionalString,
  requiredNumber,
  requiredString,
  requireObject,
  StringLimits,
} from '../api-errors/request-fields';
import { SamplingRuleChanges, SamplingRuleDefinition } from './sampling-rule';

/** Constraints from the botocore model `xray/2016-04-12`. */
const RULE_NAME: StringLimits = { min: 1, max: 32 };
const RESOURCE_ARN: StringLimits = { max: 500 };
const PATTERN_64: StringLimits = { max: 64 };
const HTTP_METHOD: StringLimits = { max: 10 };
const URL_PATH: StringLimits = { max: 128 };
const PRIORITY = { min: 1, max: 9999, integer: true };
const FIXED_RATE = { min: 0, max: 1 };
const RESERVOIR_SIZE = { min: 0, integer: true };
const ATTRIBUTE: StringLimits = { min: 1, max: 32 };
const MAX_ATTRIBUTES = 5;

/** A rule is named by RuleName or RuleARN, not both (UpdateSamplingRule, DeleteSamplingRule). */
export type RuleSelector = { readonly RuleName: string } | { readonly RuleARN: string };

/** The `SamplingRule` of a CreateSamplingRule request (also the `--cli-input-json` file). */
export function parseSamplingRuleDefinition(value: unknown, path = 'SamplingRule'): SamplingRuleDefinition {
  const rule = requireObject(value, path);
  const version = requiredNumber(rule, 'Version', path, { min: 1, integer: true });
  if (version !== 1) throw invalidRequest(`Sampling rule version ${version} is not supported; use 1`);
  return {
    RuleName: requiredString(rule, 'RuleName', path, RULE_NAME),
    ResourceARN: requiredString(rule, 'ResourceARN', path, RESOURCE_ARN),
    Priority: requiredNumber(rule, 'Priority', path, PRIORITY),
    FixedRate: requiredNumber(rule, 'FixedRate', path, FIXED_RATE),
    ReservoirSize: requiredNumber(rule, 'ReservoirSize', path, RESERVOIR_SIZE),
    ServiceName: requiredString(rule, 'ServiceName', path, PATTERN_64),
    ServiceType: requiredString(rule, 'ServiceType', path, PATTERN_64),
    Host: requiredString(rule, 'Host', path, PATTERN_64),
    HTTPMethod: requiredString(rule, 'HTTPMethod', path, HTTP_METHOD),
    URLPath: requiredString(rule, 'URLPath', path, URL_PATH),
    Version: version,
    Attributes: parseAttributes(rule, path) ?? {},
  };
}

/** The `SamplingRuleUpdate` of an UpdateSamplingRule request: which rule, and what changes. */
export function parseSamplingRuleUpdate(value: unknown): { selector: RuleSelector; changes: SamplingRuleChanges } {
  const path = 'SamplingRuleUpdate';
  const update = requireObject(value, path);
  const changes: { -readonly [K in keyof SamplingRuleChanges]: SamplingRuleChanges[K] } = {
    ResourceARN: optionalString(update, 'ResourceARN', path, RESOURCE_ARN),
    Priority: optionalNumber(update, 'Priority', path, PRIORITY),
    FixedRate: optionalNumber(update, 'FixedRate', path, FIXED_RATE),
    ReservoirSize: optionalNumber(update, 'ReservoirSize', path, RESERVOIR_SIZE),
    ServiceName: optionalString(update, 'ServiceName', path, PATTERN_64),
    ServiceType: optionalString(update, 'ServiceType', path, PATTERN_64),
    Host: optionalString(update, 'Host', path, PATTERN_64),
    HTTPMethod: optionalString(update, 'HTTPMethod', path, HTTP_METHOD),
    URLPath: optionalString(update, 'URLPath', path, URL_PATH),
    Attributes: parseAttributes(update, path),
  };
  for (const key of Object.keys(changes) as (keyof SamplingRuleChanges)[]) {
    if (changes[key] === undefined) delete changes[key];
  }
  return { selector: parseRuleSelector(update, path), changes };
}

export function parseRuleSelector(request: JsonObject, path: string): RuleSelector {
  const name = optionalString(request, 'RuleName', path, RULE_NAME);
  const arn = optionalString(request, 'RuleARN', path);
  if (name !== undefined && arn !== undefined) throw invalidRequest('Specify RuleName or RuleARN, not both');
  if (name !== undefined) return { RuleName: name };
  if (arn !== undefined) return { RuleARN: arn };
  throw invalidRequest('RuleName or RuleARN is required');
}

function parseAttributes(rule: JsonObject, path: string): Record<string, string> | undefined {
  if (rule.Attributes === undefined || rule.Attributes === null) return undefined;
  const where = `${path}.Attributes`;
  const attributes = requireObject(rule.Attributes, where);
  const keys = Object.keys(attributes);
  if (keys.length > MAX_ATTRIBUTES) {
    throw invalidRequest(
      `Value at '${where}' failed to satisfy constraint: Member must have at most ${MAX_ATTRIBUTES} entries`,
    );
  }
  const parsed: Record<string, string> = {};
  for (const key of keys) {
    if (key.length < 1 || key.length > 32) {
      throw invalidRequest(`Value at '${where}' failed to satisfy constraint: keys must have length 1 to 32`);
    }
    parsed[key] = requiredString(attributes, key, where, ATTRIBUTE);
  }
  return parsed;
}
