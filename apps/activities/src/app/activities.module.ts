import { DynamicModule, Module } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { ServiceNames } from '@cruddur/contracts';
import { tracedTcpClient, TracingModule } from '@cruddur/tracing';
import { ActivitiesConfig } from './activities-config';
import { ActivitiesController } from './activities.controller';
import { ActivityStore } from './activity-store';
import { NotificationsPublisher } from './notifications-publisher';

@Module({})
export class ActivitiesModule {
  static forRoot(config: ActivitiesConfig): DynamicModule {
    return {
      module: ActivitiesModule,
      imports: [
        TracingModule.forRoot({ serviceName: ServiceNames.activities }),
        ClientsModule.register([
          tracedTcpClient(ServiceNames.notifications, { host: config.notificationsHost, port: config.notificationsPort }),
        ]),
      ],
      controllers: [ActivitiesController],
      providers: [
        { provide: ActivityStore, useFactory: () => new ActivityStore() },
        { provide: 'EVENT_TIMEOUT_MS', useValue: config.eventTimeoutMs },
        NotificationsPublisher,
      ],
    };
  }
}
