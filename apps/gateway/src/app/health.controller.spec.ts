import { ServiceUnavailableException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Response } from 'express';
import { ActivitiesPatterns, NotificationsPatterns } from '@cruddur/contracts';
import type { ServiceClient } from '@cruddur/service-kit';
import { gatewayConfig } from './gateway-config';
import { HealthController } from './health.controller';
import { ACTIVITIES, GATEWAY_CONFIG, NOTIFICATIONS } from './service-clients';

const HEALTH_TIMEOUT_MS = 250;

/** A controller whose dependencies answer their probes as the test says. */
async function setUp(activities: jest.Mock, notifications: jest.Mock): Promise<HealthController> {
  const moduleRef = await Test.createTestingModule({
    controllers: [HealthController],
    providers: [
      { provide: ACTIVITIES, useValue: { send: activities } as unknown as ServiceClient },
      { provide: NOTIFICATIONS, useValue: { send: notifications } as unknown as ServiceClient },
      { provide: GATEWAY_CONFIG, useValue: gatewayConfig({ HEALTH_TIMEOUT_MS: String(HEALTH_TIMEOUT_MS) }) },
    ],
  }).compile();
  return moduleRef.get(HealthController);
}

/** The part of an Express response the controller uses. */
function fakeResponse(): { res: Response; status: jest.Mock } {
  const status = jest.fn();
  const res = { status } as unknown as Response;
  status.mockReturnValue(res);
  return { res, status };
}

const up = () => jest.fn().mockResolvedValue({ status: 'ok' });

describe('HealthController', () => {
  it('answers 200 ok when every service answers its probe within the health deadline', async () => {
    const activities = up();
    const notifications = up();
    const { res, status } = fakeResponse();
    const body = await (await setUp(activities, notifications)).health(res);

    expect(status).toHaveBeenCalledWith(200);
    expect(body).toMatchObject({
      service: 'gateway',
      status: 'ok',
      dependencies: { activities: { status: 'up' }, notifications: { status: 'up' } },
    });
    expect(activities).toHaveBeenCalledWith(ActivitiesPatterns.health, {}, HEALTH_TIMEOUT_MS);
    expect(notifications).toHaveBeenCalledWith(NotificationsPatterns.health, {}, HEALTH_TIMEOUT_MS);
  });

  it('answers 503 degraded, naming the failing service and why, when a probe fails', async () => {
    const notifications = jest.fn().mockRejectedValue(new ServiceUnavailableException('notifications is unreachable'));
    const { res, status } = fakeResponse();
    const body = await (await setUp(up(), notifications)).health(res);

    expect(status).toHaveBeenCalledWith(503);
    expect(status).toHaveBeenCalledTimes(1);
    expect(body.status).toBe('degraded');
    expect(body.dependencies.activities.status).toBe('up');
    expect(body.dependencies.notifications).toEqual({
      status: 'down',
      latency_ms: expect.any(Number),
      error: 'notifications is unreachable',
    });
  });

  it('live answers without asking anyone', async () => {
    const activities = up();
    const controller = await setUp(activities, up());
    expect(controller.live()).toEqual({ service: 'gateway', status: 'ok' });
    expect(activities).not.toHaveBeenCalled();
  });
});
