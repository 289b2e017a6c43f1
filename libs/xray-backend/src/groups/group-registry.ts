import type { GetGroupsResult, Group, InsightsConfiguration } from '@cruddur/xray-contracts';
import { paginate } from '../api-errors/next-token';
import {
  JsonObject,
  optionalBoolean,
  optionalString,
  requiredString,
  requireObject,
} from '../api-errors/request-fields';
import { invalidRequest } from '../api-errors/xray-api-error';
import { compileFilter, TraceFilter } from '../filter/compile-filter';
import { DEFAULT_GROUP_NAME, INSIGHTS_DISABLED, newGroupArn } from './group';

export interface GroupRegistryOptions {
  /** Groups per GetGroups page. */
  readonly pageSize?: number;
}

/** What the app persists and hands back to `restore`: plain JSON. */
export interface GroupsSnapshot {
  readonly Groups: readonly Group[];
}

/** A group with its filter compiled, for selecting traces by GroupName or GroupARN. */
export interface ResolvedGroup {
  readonly group: Group;
  /** Matches every trace for a group without a filter expression. */
  readonly matches: TraceFilter;
}

const GROUP_NAME = { min: 1, max: 32 };
const GROUP_ARN = { min: 1, max: 400 };
const PAGE_SCOPE = 'GetGroups';
const everyTrace: TraceFilter = () => true;

/**
 * The account's groups: Create/Get/Update/DeleteGroup and GetGroups with AWS's shapes and
 * errors. A filter expression is compiled when it is set, so a bad one is refused with the
 * position of the problem (InvalidRequestException, 400) and traces are matched without
 * reparsing. The Default group has no filter and cannot be deleted or given one.
 */
export class GroupRegistry {
  private readonly groups = new Map<string, ResolvedGroup>();
  private readonly pageSize: number;

  constructor(options: GroupRegistryOptions = {}) {
    this.pageSize = options.pageSize ?? 100;
    this.put({
      GroupName: DEFAULT_GROUP_NAME,
      GroupARN: newGroupArn(DEFAULT_GROUP_NAME),
      InsightsConfiguration: INSIGHTS_DISABLED,
    });
  }

  /** CreateGroup: `{GroupName, FilterExpression?, InsightsConfiguration?}` (Tags are accepted and not kept). */
  create(request: unknown): { Group: Group } {
    const path = 'CreateGroupRequest';
    const body = requireObject(request, path);
    const name = requiredString(body, 'GroupName', path, GROUP_NAME);
    if (this.groups.has(name)) throw invalidRequest(`A group named ${name} already exists`);
    const filterExpression = optionalString(body, 'FilterExpression', path);
    const group = this.put({
      GroupName: name,
      GroupARN: newGroupArn(name),
      ...(filterExpression === undefined ? {} : { FilterExpression: filterExpression }),
      InsightsConfiguration: parseInsights(body, path, INSIGHTS_DISABLED),
    });
    return { Group: group };
  }

  /** GetGroup: `{GroupName | GroupARN}`. */
  get(request: unknown): { Group: Group } {
    return { Group: this.resolve(request).group };
  }

  /** The group a GetServiceGraph / GetTraceSummaries request names, with its compiled filter. */
  resolve(request: unknown): ResolvedGroup {
    const path = 'GroupRequest';
    const body = requireObject(request, path);
    const name = optionalString(body, 'GroupName', path, GROUP_NAME);
    const arn = optionalString(body, 'GroupARN', path, GROUP_ARN);
    if (name === undefined && arn === undefined) throw invalidRequest('GroupName or GroupARN is required');
    const found =
      name !== undefined
        ? this.groups.get(name)
        : [...this.groups.values()].find((resolved) => resolved.group.GroupARN === arn);
    if (!found || (arn !== undefined && found.group.GroupARN !== arn)) {
      throw invalidRequest(`Group ${name ?? arn} not found`);
    }
    return found;
  }

  /** GetGroups: `{NextToken?}`. Default first, then by name. */
  list(request: unknown = {}): GetGroupsResult {
    const nextToken = optionalString(requireObject(request, 'GetGroupsRequest'), 'NextToken', 'GetGroupsRequest');
    const page = paginate(this.allGroups(), pageKey, PAGE_SCOPE, nextToken, this.pageSize);
    return page.nextToken === undefined ? { Groups: page.items } : { Groups: page.items, NextToken: page.nextToken };
  }

  /** UpdateGroup: `{GroupName | GroupARN, FilterExpression?, InsightsConfiguration?}`. */
  update(request: unknown): { Group: Group } {
    const path = 'UpdateGroupRequest';
    const body = requireObject(request, path);
    const { group } = this.resolve(body);
    const filterExpression = optionalString(body, 'FilterExpression', path);
    if (filterExpression !== undefined && group.GroupName === DEFAULT_GROUP_NAME) {
      throw invalidRequest('The Default group cannot have a filter expression');
    }
    const updated = this.put({
      ...group,
      ...(filterExpression === undefined ? {} : { FilterExpression: filterExpression }),
      InsightsConfiguration: parseInsights(body, path, group.InsightsConfiguration),
    });
    return { Group: updated };
  }

  /** DeleteGroup: `{GroupName | GroupARN}`. */
  delete(request: unknown): Record<string, never> {
    const { group } = this.resolve(request);
    if (group.GroupName === DEFAULT_GROUP_NAME) throw invalidRequest('The Default group cannot be deleted');
    this.groups.delete(group.GroupName);
    return {};
  }

  snapshot(): GroupsSnapshot {
    return { Groups: this.allGroups() };
  }

  /** Replaces all groups with a snapshot, validating and compiling it like API input. */
  restore(snapshot: unknown): void {
    const path = 'GroupsSnapshot';
    const body = requireObject(snapshot, path);
    if (!Array.isArray(body.Groups)) throw invalidRequest(`${path}.Groups must be a list`);
    const restored = body.Groups.map((value, index): ResolvedGroup => {
      const where = `${path}.Groups[${index}]`;
      const group = requireObject(value, where);
      const filterExpression = optionalString(group, 'FilterExpression', where);
      if (group.GroupName === DEFAULT_GROUP_NAME && filterExpression !== undefined) {
        throw invalidRequest('The Default group cannot have a filter expression');
      }
      return resolved({
        GroupName: requiredString(group, 'GroupName', where, GROUP_NAME),
        GroupARN: requiredString(group, 'GroupARN', where, GROUP_ARN),
        ...(filterExpression === undefined ? {} : { FilterExpression: filterExpression }),
        InsightsConfiguration: parseInsights(group, where, INSIGHTS_DISABLED),
      });
    });
    const defaultGroup = this.groups.get(DEFAULT_GROUP_NAME);
    this.groups.clear();
    for (const group of restored) this.groups.set(group.group.GroupName, group);
    if (!this.groups.has(DEFAULT_GROUP_NAME) && defaultGroup) this.groups.set(DEFAULT_GROUP_NAME, defaultGroup);
  }

  private allGroups(): Group[] {
    return [...this.groups.values()].map((resolved) => resolved.group).sort((a, b) => compare(pageKey(a), pageKey(b)));
  }

  private put(group: Group): Group {
    this.groups.set(group.GroupName, resolved(group));
    return group;
  }
}

/** Compiles the group's filter; a syntax error is the API's 400 naming the position. */
function resolved(group: Group): ResolvedGroup {
  return { group, matches: group.FilterExpression === undefined ? everyTrace : compileFilter(group.FilterExpression) };
}

function parseInsights(body: JsonObject, path: string, current: InsightsConfiguration): InsightsConfiguration {
  if (body.InsightsConfiguration === undefined || body.InsightsConfiguration === null) return current;
  const where = `${path}.InsightsConfiguration`;
  const insights = requireObject(body.InsightsConfiguration, where);
  const next: InsightsConfiguration = {
    InsightsEnabled: optionalBoolean(insights, 'InsightsEnabled', where) ?? current.InsightsEnabled,
    NotificationsEnabled: optionalBoolean(insights, 'NotificationsEnabled', where) ?? current.NotificationsEnabled,
  };
  if (next.NotificationsEnabled && !next.InsightsEnabled) {
    throw invalidRequest('Notifications can only be enabled on a group with InsightsEnabled set to true');
  }
  return next;
}

/** Default sorts first; names after it in code-unit order. */
function pageKey(group: Group): string {
  return group.GroupName === DEFAULT_GROUP_NAME ? '0' : `1${group.GroupName}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
