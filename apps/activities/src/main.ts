import 'reflect-metadata';
import { ServiceNames } from '@cruddur/contracts';
import { runService, startTcpService } from '@cruddur/service-kit';
import { activitiesConfig } from './app/activities-config';
import { ActivitiesModule } from './app/activities.module';

runService('activities', () => {
  const config = activitiesConfig();
  return startTcpService({
    name: ServiceNames.activities,
    address: config,
    module: ActivitiesModule.forRoot(config),
    calls: { notifications: { host: config.notificationsHost, port: config.notificationsPort } },
  });
});
