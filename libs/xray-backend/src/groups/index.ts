export { GroupRegistry } from './group-registry';
export type { GroupRegistryOptions, GroupsSnapshot, ResolvedGroup } from './group-registry';
export { DEFAULT_GROUP_NAME } from './group';
