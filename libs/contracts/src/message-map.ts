import type { Activity, Reply } from './activity';
import type {
  ActivityCreatedEvent,
  ActivityUuidDto,
  CreateActivityCommand,
  CreateReplyCommand,
  HandleDto,
  ReplyCreatedEvent,
  SearchActivitiesDto,
  ServiceHealth,
} from './activity.dto';
import type { Notification } from './notification';
import { ActivitiesPatterns, ActivityEvents, NotificationsPatterns } from './patterns';

/** The payload of a pattern whose handler reads nothing of it. */
export type NoPayload = Record<string, unknown>;

/**
 * Every request/response pattern with what its caller sends and what the service answers.
 * `ServiceClient.send` takes its types from here, so a caller cannot pick its own, and so do the
 * handlers (`@RpcHandler` in libs/service-kit), so a service cannot answer something else.
 */
export interface RpcMessages {
  [ActivitiesPatterns.home]: { request: NoPayload; response: Activity[] };
  [ActivitiesPatterns.search]: { request: SearchActivitiesDto; response: Activity[] };
  [ActivitiesPatterns.byHandle]: { request: HandleDto; response: Activity[] };
  [ActivitiesPatterns.show]: { request: ActivityUuidDto; response: Activity };
  [ActivitiesPatterns.create]: { request: CreateActivityCommand; response: Activity };
  [ActivitiesPatterns.reply]: { request: CreateReplyCommand; response: Reply };
  [ActivitiesPatterns.health]: { request: NoPayload; response: ServiceHealth };
  [NotificationsPatterns.feed]: { request: HandleDto; response: Notification[] };
  [NotificationsPatterns.health]: { request: NoPayload; response: ServiceHealth };
}

export type RpcPattern = keyof RpcMessages;
export type RpcRequest<P extends RpcPattern> = RpcMessages[P]['request'];
export type RpcResponse<P extends RpcPattern> = RpcMessages[P]['response'];

/** Every event name with its payload (emitted fire-and-forget, no answer; handled through `@RpcEventHandler`). */
export interface RpcEvents {
  [ActivityEvents.activityCreated]: ActivityCreatedEvent;
  [ActivityEvents.replyCreated]: ReplyCreatedEvent;
}

export type RpcEventName = keyof RpcEvents;
