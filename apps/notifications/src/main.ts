import 'reflect-metadata';
import { runService, startTcpMicroservice } from '@cruddur/service-kit';
import { TraceAwareLogger, TracedServerTcp } from '@cruddur/tracing';
import { notificationsConfig } from './app/notifications-config';
import { NotificationsModule } from './app/notifications.module';

runService('notifications', async () => {
  const config = notificationsConfig();
  await startTcpMicroservice(
    'notifications',
    NotificationsModule.forRoot(config),
    config,
    { strategy: new TracedServerTcp({ host: config.host, port: config.port }), logger: new TraceAwareLogger() },
  );
});
