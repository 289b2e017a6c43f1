import 'reflect-metadata';
import { runService, startTcpMicroservice } from '@cruddur/service-kit';
import { TraceAwareLogger, TracedServerTcp } from '@cruddur/tracing';
import { activitiesConfig } from './app/activities-config';
import { ActivitiesModule } from './app/activities.module';

runService('activities', async () => {
  const config = activitiesConfig();
  await startTcpMicroservice(
    'activities',
    ActivitiesModule.forRoot(config),
    config,
    { strategy: new TracedServerTcp({ host: config.host, port: config.port }), logger: new TraceAwareLogger() },
  );
});
