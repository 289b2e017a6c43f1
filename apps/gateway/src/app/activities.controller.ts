import { Body, Controller, Get, Inject, NotFoundException, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ActivitiesPatterns,
  Activity,
  CreateActivityDto,
  CreateReplyDto,
  Notification,
  NotificationsPatterns,
  Reply,
  SearchActivitiesDto,
} from '@cruddur/contracts';
import { ServiceClient } from '@cruddur/service-kit';
import { CURRENT_USER_HANDLE } from './current-user';
import { ACTIVITIES, NOTIFICATIONS } from './service-clients';

/** A malformed uuid names no activity: answer 404, as for an unknown one. */
const uuidPipe = new ParseUUIDPipe({
  version: '4',
  exceptionFactory: () => new NotFoundException({ error: 'not_found', message: 'no such activity' }),
});

/** Cruddur's HTTP API. Holds no data: each route is one call to the service that owns it. */
@Controller('api/activities')
export class ActivitiesController {
  constructor(
    @Inject(ACTIVITIES) private readonly activities: ServiceClient,
    @Inject(NOTIFICATIONS) private readonly notifications: ServiceClient,
  ) {}

  @Get('home')
  home(): Promise<Activity[]> {
    return this.activities.send(ActivitiesPatterns.home, {});
  }

  @Get('notifications')
  notificationsFeed(): Promise<Notification[]> {
    return this.notifications.send(NotificationsPatterns.feed, { handle: CURRENT_USER_HANDLE });
  }

  @Get('search')
  search(@Query() query: SearchActivitiesDto): Promise<Activity[]> {
    return this.activities.send(ActivitiesPatterns.search, { term: query.term });
  }

  @Get('@:handle')
  byHandle(@Param('handle') handle: string): Promise<Activity[]> {
    return this.activities.send(ActivitiesPatterns.byHandle, { handle });
  }

  @Get(':uuid')
  show(@Param('uuid', uuidPipe) uuid: string): Promise<Activity> {
    return this.activities.send(ActivitiesPatterns.show, { uuid });
  }

  @Post()
  create(@Body() body: CreateActivityDto): Promise<Activity> {
    return this.activities.send(ActivitiesPatterns.create, {
      handle: CURRENT_USER_HANDLE,
      message: body.message,
      ttl: body.ttl,
    });
  }

  @Post(':uuid/reply')
  reply(@Param('uuid', uuidPipe) uuid: string, @Body() body: CreateReplyDto): Promise<Reply> {
    return this.activities.send(ActivitiesPatterns.reply, {
      activity_uuid: uuid,
      handle: CURRENT_USER_HANDLE,
      message: body.message,
    });
  }
}
