import { randomBytes } from 'node:crypto';

/** The InsightsConfiguration of a group (insights are not computed locally; the flags are kept). */
export interface InsightsConfiguration {
  readonly InsightsEnabled: boolean;
  readonly NotificationsEnabled: boolean;
}

/** A group in the X-Ray API's shape (CreateGroup, GetGroup, GetGroups, UpdateGroup). */
export interface Group {
  readonly GroupName: string;
  readonly GroupARN: string;
  /** Absent for a group without a filter, such as Default. */
  readonly FilterExpression?: string;
  readonly InsightsConfiguration: InsightsConfiguration;
}

export const DEFAULT_GROUP_NAME = 'Default';

export const INSIGHTS_DISABLED: InsightsConfiguration = { InsightsEnabled: false, NotificationsEnabled: false };

/** `arn:aws:xray:local:000000000000:group/<name>/<id>`; the id tells apart re-created groups. */
export function newGroupArn(groupName: string): string {
  return `arn:aws:xray:local:000000000000:group/${groupName}/${randomBytes(12).toString('hex').toUpperCase()}`;
}
