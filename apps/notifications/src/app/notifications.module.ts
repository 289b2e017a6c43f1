import { DynamicModule, Module } from '@nestjs/common';
import { ServiceNames } from '@cruddur/contracts';
import { TracingModule } from '@cruddur/tracing';
import { NotificationsConfig } from './notifications-config';
import { NotificationFeed } from './notification-feed';
import { NotificationsController } from './notifications.controller';

@Module({})
export class NotificationsModule {
  static forRoot(_config: NotificationsConfig): DynamicModule {
    return {
      module: NotificationsModule,
      imports: [TracingModule.forRoot({ serviceName: ServiceNames.notifications })],
      controllers: [NotificationsController],
      providers: [{ provide: NotificationFeed, useFactory: () => new NotificationFeed() }],
    };
  }
}
