import { Test } from '@nestjs/testing';
import { ActivitiesPatterns, NotificationsPatterns } from '@cruddur/contracts';
import type { ServiceClient } from '@cruddur/service-kit';
import { ActivitiesController } from './activities.controller';
import { CURRENT_USER_HANDLE } from './current-user';
import { ACTIVITIES, NOTIFICATIONS } from './service-clients';

const UUID = '68f126b0-1ceb-4a33-88be-d90fa7109eee';

/** A ServiceClient that answers every call with `answer` and records the calls. */
function fakeClient(answer: unknown): { client: ServiceClient; send: jest.Mock } {
  const send = jest.fn().mockResolvedValue(answer);
  return { client: { send } as unknown as ServiceClient, send };
}

describe('gateway ActivitiesController', () => {
  let controller: ActivitiesController;
  let activities: jest.Mock;
  let notifications: jest.Mock;

  beforeEach(async () => {
    const a = fakeClient(['from activities']);
    const n = fakeClient(['from notifications']);
    activities = a.send;
    notifications = n.send;
    const moduleRef = await Test.createTestingModule({
      controllers: [ActivitiesController],
      providers: [
        { provide: ACTIVITIES, useValue: a.client },
        { provide: NOTIFICATIONS, useValue: n.client },
      ],
    }).compile();
    controller = moduleRef.get(ActivitiesController);
  });

  it.each([
    ['home', () => controller.home(), ActivitiesPatterns.home, {}],
    ['search', () => controller.search({ term: 'cloud' }), ActivitiesPatterns.search, { term: 'cloud' }],
    ['byHandle', () => controller.byHandle('worf'), ActivitiesPatterns.byHandle, { handle: 'worf' }],
    ['show', () => controller.show(UUID), ActivitiesPatterns.show, { uuid: UUID }],
    [
      'create',
      () => controller.create({ message: 'hi', ttl: '7-days' }),
      ActivitiesPatterns.create,
      { handle: CURRENT_USER_HANDLE, message: 'hi', ttl: '7-days' },
    ],
    [
      'reply',
      () => controller.reply(UUID, { message: 'yes' }),
      ActivitiesPatterns.reply,
      { activity_uuid: UUID, handle: CURRENT_USER_HANDLE, message: 'yes' },
    ],
  ])(
    "%s asks activities once, with the route's payload, and answers what it says",
    async (_route, call, pattern, payload) => {
      await expect(call()).resolves.toEqual(['from activities']);
      expect(activities).toHaveBeenCalledTimes(1);
      expect(activities).toHaveBeenCalledWith(pattern, payload);
      expect(notifications).not.toHaveBeenCalled();
    },
  );

  it("notifications asks notifications for the current user's feed", async () => {
    await expect(controller.notificationsFeed()).resolves.toEqual(['from notifications']);
    expect(notifications).toHaveBeenCalledWith(NotificationsPatterns.feed, { handle: CURRENT_USER_HANDLE });
    expect(activities).not.toHaveBeenCalled();
  });

  it("passes a service's failure on as it is", async () => {
    const failure = new Error('already an HTTP answer');
    activities.mockRejectedValueOnce(failure);
    await expect(controller.show(UUID)).rejects.toBe(failure);
  });
});
