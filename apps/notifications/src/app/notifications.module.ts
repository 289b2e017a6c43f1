import { DynamicModule, Module } from '@nestjs/common';
import { NotificationsConfig } from './notifications-config';
import { NotificationFeed } from './notification-feed';
import { NotificationsController } from './notifications.controller';

@Module({})
export class NotificationsModule {
  static forRoot(_config: NotificationsConfig): DynamicModule {
    return {
      module: NotificationsModule,
      controllers: [NotificationsController],
      providers: [{ provide: NotificationFeed, useFactory: () => new NotificationFeed() }],
    };
  }
}
