import { Controller, Logger } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  ActivityCreatedEvent,
  ActivityEvents,
  HandleDto,
  Notification,
  NotificationsPatterns,
  ReplyCreatedEvent,
  ServiceHealth,
} from '@cruddur/contracts';
import { RpcEventHandler, RpcHandler } from '@cruddur/service-kit';
import { Traced, TracingService } from '@cruddur/tracing';
import { NotificationFeed } from './notification-feed';

const startedAt = Date.now();

@Controller()
export class NotificationsController {
  private readonly logger = new Logger(NotificationsController.name);

  constructor(
    private readonly feed: NotificationFeed,
    private readonly tracing: TracingService,
  ) {}

  /** The seed's custom subsegments: `notifications_activities` (annotated) > `returning_mock_data`. */
  @RpcHandler(NotificationsPatterns.feed)
  @Traced('notifications_activities')
  notifications(@Payload() query: HandleDto): Notification[] {
    this.tracing.annotate('URI', '/api/activities/notifications');
    return this.tracing.subsegment('returning_mock_data', () => {
      const results = this.feed.feed(query.handle);
      this.tracing.metadata('number', results.length);
      return results;
    });
  }

  @RpcEventHandler(ActivityEvents.activityCreated)
  activityCreated(@Payload() event: ActivityCreatedEvent): void {
    if (
      !event?.activity?.uuid ||
      typeof event.activity.message !== 'string' ||
      typeof event.activity.handle !== 'string'
    ) {
      this.logger.warn(`${ActivityEvents.activityCreated}: malformed event dropped`);
      return;
    }
    this.feed.onActivityCreated(event.activity);
  }

  @RpcEventHandler(ActivityEvents.replyCreated)
  replyCreated(@Payload() event: ReplyCreatedEvent): void {
    if (!event?.reply?.uuid || typeof event.reply.handle !== 'string' || typeof event.activity_handle !== 'string') {
      this.logger.warn(`${ActivityEvents.replyCreated}: malformed event dropped`);
      return;
    }
    this.feed.onReplyCreated(event.reply, event.activity_handle);
  }

  @RpcHandler(NotificationsPatterns.health)
  health(): ServiceHealth {
    return { service: 'notifications', status: 'ok', uptime_s: Math.round((Date.now() - startedAt) / 1000) };
  }
}
