// Group shapes of the X-Ray API (CreateGroup, GetGroup, GetGroups, UpdateGroup, DeleteGroup).

/** The InsightsConfiguration of a group (insights are not computed locally; the flags are kept). */
export interface InsightsConfiguration {
  readonly InsightsEnabled: boolean;
  readonly NotificationsEnabled: boolean;
}

export interface Group {
  readonly GroupName: string;
  readonly GroupARN: string;
  /** Absent for a group without a filter, such as Default. */
  readonly FilterExpression?: string;
  readonly InsightsConfiguration: InsightsConfiguration;
}

export interface GroupResult {
  readonly Group: Group;
}

export interface GetGroupsResult {
  readonly Groups: readonly Group[];
  readonly NextToken?: string;
}
