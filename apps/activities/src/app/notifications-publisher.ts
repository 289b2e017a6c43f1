import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import {
  ActivityCreatedEvent,
  ActivityEvents,
  ReplyCreatedEvent,
  type RpcEventName,
  type RpcEvents,
  ServiceNames,
} from '@cruddur/contracts';
import { timeout } from 'rxjs';

/**
 * Fire-and-forget events to notifications. A notifications outage is logged and
 * never fails the activity that was just stored.
 */
@Injectable()
export class NotificationsPublisher {
  private readonly logger = new Logger(NotificationsPublisher.name);

  constructor(
    @Inject(ServiceNames.notifications) private readonly client: ClientProxy,
    @Inject('EVENT_TIMEOUT_MS') private readonly timeoutMs: number,
  ) {}

  activityCreated(event: ActivityCreatedEvent): void {
    this.publish(ActivityEvents.activityCreated, event);
  }

  replyCreated(event: ReplyCreatedEvent): void {
    this.publish(ActivityEvents.replyCreated, event);
  }

  private publish<E extends RpcEventName>(pattern: E, event: RpcEvents[E]): void {
    this.client
      .emit(pattern, event)
      .pipe(timeout(this.timeoutMs))
      .subscribe({
        error: (error: unknown) =>
          this.logger.warn(
            `${pattern} not delivered to notifications: ${error instanceof Error ? error.message : String(error)}`,
          ),
      });
  }
}
