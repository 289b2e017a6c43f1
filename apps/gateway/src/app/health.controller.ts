import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ActivitiesPatterns, NotificationsPatterns } from '@cruddur/contracts';
import { ServiceClient } from '@cruddur/service-kit';
import { GatewayConfig } from './gateway-config';
import { ACTIVITIES, GATEWAY_CONFIG, NOTIFICATIONS } from './service-clients';

export interface DependencyHealth {
  status: 'up' | 'down';
  latency_ms: number;
  error?: string;
}

export interface GatewayHealth {
  service: 'gateway';
  status: 'ok' | 'degraded';
  uptime_s: number;
  dependencies: Record<string, DependencyHealth>;
}

const startedAt = Date.now();

@Controller('api/health')
export class HealthController {
  constructor(
    @Inject(ACTIVITIES) private readonly activities: ServiceClient,
    @Inject(NOTIFICATIONS) private readonly notifications: ServiceClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Readiness: 200 when every service answers, 503 (same body) when one does not. */
  @Get()
  async health(@Res({ passthrough: true }) res: Response): Promise<GatewayHealth> {
    const [activities, notifications] = await Promise.all([
      this.probe(this.activities, ActivitiesPatterns.health),
      this.probe(this.notifications, NotificationsPatterns.health),
    ]);
    const ok = activities.status === 'up' && notifications.status === 'up';
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return {
      service: 'gateway',
      status: ok ? 'ok' : 'degraded',
      uptime_s: Math.round((Date.now() - startedAt) / 1000),
      dependencies: { activities, notifications },
    };
  }

  /** Liveness: the gateway process answers. */
  @Get('live')
  live(): { service: 'gateway'; status: 'ok' } {
    return { service: 'gateway', status: 'ok' };
  }

  private async probe(
    client: ServiceClient,
    pattern: typeof ActivitiesPatterns.health | typeof NotificationsPatterns.health,
  ): Promise<DependencyHealth> {
    const started = Date.now();
    try {
      await client.send(pattern, {}, this.config.healthTimeoutMs);
      return { status: 'up', latency_ms: Date.now() - started };
    } catch (error) {
      return {
        status: 'down',
        latency_ms: Date.now() - started,
        error: error instanceof Error ? error.message : String(error),
      };
    }
  }
}
