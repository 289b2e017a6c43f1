import 'reflect-metadata';
import { ServiceNames } from '@cruddur/contracts';
import { runService, startTcpService } from '@cruddur/service-kit';
import { notificationsConfig } from './app/notifications-config';
import { NotificationsModule } from './app/notifications.module';

runService('notifications', () => {
  const config = notificationsConfig();
  return startTcpService({
    name: ServiceNames.notifications,
    address: config,
    module: NotificationsModule.forRoot(config),
  });
});
