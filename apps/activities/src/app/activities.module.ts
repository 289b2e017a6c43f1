import { DynamicModule, Module } from '@nestjs/common';
import { ActivitiesConfig } from './activities-config';
import { ActivitiesController } from './activities.controller';
import { ActivityStore } from './activity-store';
import { NotificationsPublisher } from './notifications-publisher';

@Module({})
export class ActivitiesModule {
  static forRoot(config: ActivitiesConfig): DynamicModule {
    return {
      module: ActivitiesModule,
      controllers: [ActivitiesController],
      providers: [
        { provide: ActivityStore, useFactory: () => new ActivityStore() },
        { provide: 'EVENT_TIMEOUT_MS', useValue: config.eventTimeoutMs },
        NotificationsPublisher,
      ],
    };
  }
}
