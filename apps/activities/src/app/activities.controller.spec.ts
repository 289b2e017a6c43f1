import { Test } from '@nestjs/testing';
import { ClientProxy, RpcException } from '@nestjs/microservices';
import { of } from 'rxjs';
import { ActivityEvents, ServiceNames } from '@cruddur/contracts';
import { ActivitiesController } from './activities.controller';
import { ActivityStore } from './activity-store';
import { NotificationsPublisher } from './notifications-publisher';

const ANDREWS_ACTIVITY = '68f126b0-1ceb-4a33-88be-d90fa7109eee';
const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';

/** The controller with the real store and publisher, over a fake notifications ClientProxy. */
async function setUp(): Promise<{ controller: ActivitiesController; emit: jest.Mock }> {
  const emit = jest.fn(() => of(undefined));
  const moduleRef = await Test.createTestingModule({
    controllers: [ActivitiesController],
    providers: [
      { provide: ActivityStore, useFactory: () => new ActivityStore() },
      NotificationsPublisher,
      { provide: ServiceNames.notifications, useValue: { emit } as unknown as ClientProxy },
      { provide: 'EVENT_TIMEOUT_MS', useValue: 1000 },
    ],
  }).compile();
  return { controller: moduleRef.get(ActivitiesController), emit };
}

/** The RpcErrorBody a handler throws. */
function rpcError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RpcException);
    return (error as RpcException).getError();
  }
  throw new Error('expected an RpcException');
}

describe('ActivitiesController', () => {
  it('answers home, search, byHandle and show from the store', async () => {
    const { controller } = await setUp();
    expect(controller.home().map((a) => a.handle)).toEqual(['garek', 'andrewbrown', 'worf']);
    expect(controller.search({ term: 'prune' }).map((a) => a.handle)).toEqual(['worf']);
    expect(controller.byHandle({ handle: 'garek' })).toHaveLength(1);
    expect(controller.show({ uuid: ANDREWS_ACTIVITY }).handle).toBe('andrewbrown');
  });

  it('answers 404 for an unknown handle or activity', async () => {
    const { controller } = await setUp();
    expect(rpcError(() => controller.byHandle({ handle: 'nobody' }))).toEqual({
      status: 404,
      message: 'no user with handle @nobody',
    });
    expect(rpcError(() => controller.show({ uuid: UNKNOWN_UUID }))).toEqual({
      status: 404,
      message: `no activity ${UNKNOWN_UUID}`,
    });
    expect(
      rpcError(() => controller.reply({ activity_uuid: UNKNOWN_UUID, handle: 'worf', message: 'hi' })),
    ).toMatchObject({ status: 404 });
  });

  it('create stores the activity and emits activity.created with it', async () => {
    const { controller, emit } = await setUp();
    const activity = controller.create({ handle: 'worf', message: 'hi @andrewbrown', ttl: '1-day' });
    expect(controller.show({ uuid: activity.uuid })).toEqual(activity);
    expect(emit).toHaveBeenCalledTimes(1);
    expect(emit).toHaveBeenCalledWith(ActivityEvents.activityCreated, { activity });
  });

  it('create answers 404 for an unknown user and emits nothing', async () => {
    const { controller, emit } = await setUp();
    expect(rpcError(() => controller.create({ handle: 'nobody', message: 'hi', ttl: '1-day' }))).toMatchObject({
      status: 404,
    });
    expect(emit).not.toHaveBeenCalled();
  });

  it("reply emits activity.reply_created naming the activity's author", async () => {
    const { controller, emit } = await setUp();
    const reply = controller.reply({ activity_uuid: ANDREWS_ACTIVITY, handle: 'worf', message: 'Still no honor' });
    expect(reply).toMatchObject({ handle: 'worf', reply_to_activity_uuid: ANDREWS_ACTIVITY });
    expect(emit).toHaveBeenCalledWith(ActivityEvents.replyCreated, { reply, activity_handle: 'andrewbrown' });
    expect(controller.show({ uuid: ANDREWS_ACTIVITY }).replies_count).toBe(2);
  });

  it('health says ok', async () => {
    const { controller } = await setUp();
    expect(controller.health()).toMatchObject({ service: 'activities', status: 'ok' });
  });
});
