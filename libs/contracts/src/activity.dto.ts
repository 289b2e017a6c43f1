import { IsIn, IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';
import { ErrorCodes, MAX_ACTIVITY_CHARS, MAX_REPLY_CHARS } from './error-codes';
import { TTLS, Ttl } from './ttl';
import type { Activity, Reply } from './activity';

// Validation messages are the error codes themselves: the exception factories
// collect them into `{"errors": [...]}` unchanged. class-validator runs a property's
// decorators bottom-up and the pipes stop at the first failure, so the most basic check is last.

/** Body of `POST /api/activities`. */
export class CreateActivityDto {
  @MaxLength(MAX_ACTIVITY_CHARS, { message: ErrorCodes.messageExceedMaxChars })
  @IsNotEmpty({ message: ErrorCodes.messageBlank })
  @IsString({ message: ErrorCodes.messageBlank })
  message!: string;

  @IsIn(TTLS, { message: ErrorCodes.ttlBlank })
  ttl!: Ttl;
}

/** Body of `POST /api/activities/:uuid/reply`. */
export class CreateReplyDto {
  @MaxLength(MAX_REPLY_CHARS, { message: ErrorCodes.messageExceedMaxChars })
  @IsNotEmpty({ message: ErrorCodes.messageBlank })
  @IsString({ message: ErrorCodes.messageBlank })
  message!: string;
}

/** Query of `GET /api/activities/search`. */
export class SearchActivitiesDto {
  @IsString({ message: ErrorCodes.searchTermBlank })
  @IsNotEmpty({ message: ErrorCodes.searchTermBlank })
  term!: string;
}

/** RPC payload of `activities.by_handle` and `notifications.feed`. */
export class HandleDto {
  @IsString({ message: ErrorCodes.handleBlank })
  @IsNotEmpty({ message: ErrorCodes.handleBlank })
  handle!: string;
}

/** RPC payload of `activities.show`. */
export class ActivityUuidDto {
  @IsUUID('4', { message: ErrorCodes.uuidInvalid })
  uuid!: string;
}

/** RPC payload of `activities.create`: the body plus who posts it. */
export class CreateActivityCommand extends CreateActivityDto {
  @IsString({ message: ErrorCodes.handleBlank })
  @IsNotEmpty({ message: ErrorCodes.handleBlank })
  handle!: string;
}

/** RPC payload of `activities.reply`. */
export class CreateReplyCommand extends CreateReplyDto {
  @IsUUID('4', { message: ErrorCodes.uuidInvalid })
  activity_uuid!: string;

  @IsString({ message: ErrorCodes.handleBlank })
  @IsNotEmpty({ message: ErrorCodes.handleBlank })
  handle!: string;
}

/** Event `activity.created`. */
export interface ActivityCreatedEvent {
  activity: Activity;
}

/** Event `activity.reply_created`: `activity_handle` is whom to notify. */
export interface ReplyCreatedEvent {
  reply: Reply;
  activity_handle: string;
}

/** Answer of the `*.health` patterns. */
export interface ServiceHealth {
  service: string;
  status: 'ok';
  uptime_s: number;
}
