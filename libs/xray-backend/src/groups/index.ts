export { GroupRegistry } from './group-registry';
export type { GroupRegistryOptions, GetGroupsResult, GroupsSnapshot, ResolvedGroup } from './group-registry';
export type { Group, InsightsConfiguration } from './group';
export { DEFAULT_GROUP_NAME } from './group';
