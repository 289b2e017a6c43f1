import {
  type Activity,
  ActivitiesPatterns,
  type ActivityCreatedEvent,
  ActivityEvents,
  ActivityUuidDto,
  HandleDto,
  type Reply,
} from '@cruddur/contracts';
import { MetadataScanner } from '@nestjs/core/metadata-scanner';
import { Ctx, Payload, TcpContext } from '@nestjs/microservices';
import { ListenerMetadataExplorer } from '@nestjs/microservices/listener-metadata-explorer';
import { type Observable, of } from 'rxjs';
import { RpcEventHandler, RpcHandler } from './rpc-handler';

const activity = { uuid: '68f126b0-1ceb-4a33-88be-d90fa7109eee' } as Activity;

/** Handlers that keep to `RpcMessages` / `RpcEvents` in every shape Nest accepts. */
class ContractHandlers {
  @RpcHandler(ActivitiesPatterns.show)
  show(@Payload() query: ActivityUuidDto, @Ctx() _context: TcpContext): Activity {
    return { ...activity, uuid: query.uuid };
  }

  @RpcHandler(ActivitiesPatterns.byHandle)
  async byHandle(@Payload() _query: HandleDto): Promise<Activity[]> {
    return [activity];
  }

  @RpcHandler(ActivitiesPatterns.home)
  home(): Observable<Activity[]> {
    return of([activity]);
  }

  @RpcEventHandler(ActivityEvents.activityCreated)
  activityCreated(@Payload() _event: ActivityCreatedEvent): void {
    return;
  }
}

// The type check is the test: `npm run typecheck` (`tsc -p tsconfig.json`, which includes every
// spec) fails on an unused `@ts-expect-error`, so each case below breaks the build the day the
// decorators stop rejecting it. Jest transpiles without type-checking (isolatedModules).
class DriftedHandlers {
  // @ts-expect-error the payload is not the pattern's request (activities.show takes ActivityUuidDto)
  @RpcHandler(ActivitiesPatterns.show)
  show(@Payload() query: HandleDto): Activity {
    return { ...activity, handle: query.handle };
  }

  // @ts-expect-error the answer is not the pattern's response (activities.show answers one Activity)
  @RpcHandler(ActivitiesPatterns.show)
  showMaybe(@Payload() _query: ActivityUuidDto): Activity | undefined {
    return undefined;
  }

  // @ts-expect-error a promise of the wrong response (activities.reply answers a Reply)
  @RpcHandler(ActivitiesPatterns.reply)
  async reply(): Promise<Activity> {
    return activity;
  }

  // @ts-expect-error an observable of the wrong response (activities.health answers ServiceHealth)
  @RpcHandler(ActivitiesPatterns.health)
  health(): Observable<Reply> {
    return of({} as Reply);
  }

  // @ts-expect-error the event's payload is not the contract's (activity.created carries { activity })
  @RpcEventHandler(ActivityEvents.activityCreated)
  activityCreated(@Payload() _event: { reply: Reply }): void {
    return;
  }
}

function listeners(instance: object) {
  return new ListenerMetadataExplorer(new MetadataScanner())
    .explore(instance)
    .map(({ methodKey, patterns, isEventHandler }) => ({ methodKey, patterns, isEventHandler }));
}

describe('RpcHandler and RpcEventHandler', () => {
  it('register Nest message and event patterns, as @MessagePattern and @EventPattern do', () => {
    expect(listeners(new ContractHandlers())).toEqual([
      { methodKey: 'show', patterns: [ActivitiesPatterns.show], isEventHandler: false },
      { methodKey: 'byHandle', patterns: [ActivitiesPatterns.byHandle], isEventHandler: false },
      { methodKey: 'home', patterns: [ActivitiesPatterns.home], isEventHandler: false },
      { methodKey: 'activityCreated', patterns: [ActivityEvents.activityCreated], isEventHandler: true },
    ]);
  });

  it('leave a drifted handler to the compiler: at run time it registers as any other', () => {
    expect(listeners(new DriftedHandlers()).map((l) => l.methodKey)).toEqual([
      'show',
      'showMaybe',
      'reply',
      'health',
      'activityCreated',
    ]);
  });
});
