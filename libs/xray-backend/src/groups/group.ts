import { randomBytes } from 'node:crypto';
import type { InsightsConfiguration } from '@cruddur/xray-contracts';

export const DEFAULT_GROUP_NAME = 'Default';

export const INSIGHTS_DISABLED: InsightsConfiguration = { InsightsEnabled: false, NotificationsEnabled: false };

/** `arn:aws:xray:local:000000000000:group/<name>/<id>`; the id tells apart re-created groups. */
export function newGroupArn(groupName: string): string {
  return `arn:aws:xray:local:000000000000:group/${groupName}/${randomBytes(12).toString('hex').toUpperCase()}`;
}
