import { Controller } from '@nestjs/common';
import { Payload, RpcException } from '@nestjs/microservices';
import {
  Activity,
  ActivitiesPatterns,
  ActivityUuidDto,
  CreateActivityCommand,
  CreateReplyCommand,
  HandleDto,
  Reply,
  RpcErrorBody,
  SearchActivitiesDto,
  ServiceHealth,
} from '@cruddur/contracts';
import { RpcHandler } from '@cruddur/service-kit';
import { ActivityStore } from './activity-store';
import { NotificationsPublisher } from './notifications-publisher';

const startedAt = Date.now();

function notFound(message: string): RpcException {
  const body: RpcErrorBody = { status: 404, message };
  return new RpcException(body);
}

@Controller()
export class ActivitiesController {
  constructor(
    private readonly store: ActivityStore,
    private readonly notifications: NotificationsPublisher,
  ) {}

  @RpcHandler(ActivitiesPatterns.home)
  home(): Activity[] {
    return this.store.home();
  }

  @RpcHandler(ActivitiesPatterns.search)
  search(@Payload() query: SearchActivitiesDto): Activity[] {
    return this.store.search(query.term);
  }

  @RpcHandler(ActivitiesPatterns.byHandle)
  byHandle(@Payload() query: HandleDto): Activity[] {
    const activities = this.store.byHandle(query.handle);
    if (!activities) throw notFound(`no user with handle @${query.handle}`);
    return activities;
  }

  @RpcHandler(ActivitiesPatterns.show)
  show(@Payload() query: ActivityUuidDto): Activity {
    const activity = this.store.find(query.uuid);
    if (!activity) throw notFound(`no activity ${query.uuid}`);
    return activity;
  }

  @RpcHandler(ActivitiesPatterns.create)
  create(@Payload() command: CreateActivityCommand): Activity {
    if (!this.store.hasUser(command.handle)) throw notFound(`no user with handle @${command.handle}`);
    const activity = this.store.create(command.handle, command.message, command.ttl);
    this.notifications.activityCreated({ activity });
    return activity;
  }

  @RpcHandler(ActivitiesPatterns.reply)
  reply(@Payload() command: CreateReplyCommand): Reply {
    const result = this.store.reply(command.activity_uuid, command.handle, command.message);
    if (!result) throw notFound(`no activity ${command.activity_uuid}`);
    this.notifications.replyCreated({ reply: result.reply, activity_handle: result.activity.handle });
    return result.reply;
  }

  @RpcHandler(ActivitiesPatterns.health)
  health(): ServiceHealth {
    return { service: 'activities', status: 'ok', uptime_s: Math.round((Date.now() - startedAt) / 1000) };
  }
}
