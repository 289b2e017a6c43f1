import type { GetGroupsResult, GroupResult, InsightsConfiguration } from './group-types';
import type {
  GetSamplingRulesResult,
  GetSamplingStatisticSummariesResult,
  GetSamplingTargetsResult,
  SamplingRuleInput,
  SamplingRuleRecordResult,
  SamplingStatisticsDocument,
} from './sampling-types';
import type { GetServiceGraphResult, GetTraceGraphResult } from './service-graph-types';
import type { BatchGetTracesResult, GetTraceSummariesResult, PutTraceSegmentsResult } from './trace-api-types';

// Request bodies as clients send them (restJson1: one POST per operation path, times in epoch
// seconds). The daemon checks every field itself: these types say what a client may send, they
// do not make an incoming body trustworthy.

/** A group is named by its name or its ARN. */
export interface GroupRef {
  readonly GroupName?: string;
  readonly GroupARN?: string;
}

export interface CreateGroupRequest {
  readonly GroupName: string;
  readonly FilterExpression?: string;
  readonly InsightsConfiguration?: Partial<InsightsConfiguration>;
}

export interface UpdateGroupRequest extends GroupRef {
  readonly FilterExpression?: string;
  readonly InsightsConfiguration?: Partial<InsightsConfiguration>;
}

export interface PageRequest {
  readonly NextToken?: string;
}

/** UpdateSamplingRule: the rule by name or ARN, and the fields to change. */
export interface UpdateSamplingRuleRequest {
  readonly SamplingRuleUpdate: { readonly RuleName?: string; readonly RuleARN?: string } & Partial<
    Omit<SamplingRuleInput['SamplingRule'], 'RuleName' | 'Version'>
  >;
}

export interface DeleteSamplingRuleRequest {
  readonly RuleName?: string;
  readonly RuleARN?: string;
}

export interface GetSamplingTargetsRequest {
  readonly SamplingStatisticsDocuments: readonly SamplingStatisticsDocument[];
}

export interface PutTraceSegmentsRequest {
  /** Segment documents as JSON text, one per entry. */
  readonly TraceSegmentDocuments: readonly string[];
}

export interface TimeWindowRequest {
  /** Epoch seconds. */
  readonly StartTime: number;
  readonly EndTime: number;
}

export interface GetTraceSummariesRequest extends TimeWindowRequest, PageRequest {
  readonly FilterExpression?: string;
  readonly TimeRangeType?: 'TraceId' | 'Event' | 'Service';
  readonly Sampling?: boolean;
}

export interface GetServiceGraphRequest extends TimeWindowRequest, PageRequest {
  readonly GroupName?: string;
  readonly GroupARN?: string;
}

export interface TraceIdsRequest extends PageRequest {
  readonly TraceIds: readonly string[];
}

/**
 * Every X-Ray API operation the daemon serves: its path, what a client sends and what it gets
 * back. The daemon's router, the viewer's client and the CLI are typed by this one map.
 */
export interface XRayApiOperations {
  '/CreateGroup': { input: CreateGroupRequest; output: GroupResult };
  '/GetGroup': { input: GroupRef; output: GroupResult };
  '/Groups': { input: PageRequest; output: GetGroupsResult };
  '/UpdateGroup': { input: UpdateGroupRequest; output: GroupResult };
  '/DeleteGroup': { input: GroupRef; output: Record<string, never> };
  '/CreateSamplingRule': { input: SamplingRuleInput; output: SamplingRuleRecordResult };
  '/GetSamplingRules': { input: PageRequest; output: GetSamplingRulesResult };
  '/UpdateSamplingRule': { input: UpdateSamplingRuleRequest; output: SamplingRuleRecordResult };
  '/DeleteSamplingRule': { input: DeleteSamplingRuleRequest; output: SamplingRuleRecordResult };
  '/SamplingTargets': { input: GetSamplingTargetsRequest; output: GetSamplingTargetsResult };
  '/SamplingStatisticSummaries': { input: PageRequest; output: GetSamplingStatisticSummariesResult };
  '/TraceSegments': { input: PutTraceSegmentsRequest; output: PutTraceSegmentsResult };
  '/TraceSummaries': { input: GetTraceSummariesRequest; output: GetTraceSummariesResult };
  '/Traces': { input: TraceIdsRequest; output: BatchGetTracesResult };
  '/ServiceGraph': { input: GetServiceGraphRequest; output: GetServiceGraphResult };
  '/TraceGraph': { input: TraceIdsRequest; output: GetTraceGraphResult };
}

export type XRayApiPath = keyof XRayApiOperations;
export type XRayApiInput<P extends XRayApiPath> = XRayApiOperations[P]['input'];
export type XRayApiOutput<P extends XRayApiPath> = XRayApiOperations[P]['output'];
