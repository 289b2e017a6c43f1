import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  ActivityUuidDto,
  CreateActivityCommand,
  CreateActivityDto,
  CreateReplyCommand,
  CreateReplyDto,
  HandleDto,
  SearchActivitiesDto,
} from './activity.dto';
import { ErrorCodes, MAX_ACTIVITY_CHARS, MAX_REPLY_CHARS } from './error-codes';
import { TTLS } from './ttl';

type Dto = new () => object;

/**
 * The codes the pipes answer with: validated as the Nest pipes do (stop at the first failing
 * check of each property), one code per invalid property.
 */
function codes(dto: Dto, plain: Record<string, unknown>): string[] {
  const errors = validateSync(plainToInstance(dto, plain), { stopAtFirstError: true });
  return errors.flatMap((e) => Object.values(e.constraints ?? {}));
}

const UUID = '68f126b0-1ceb-4a33-88be-d90fa7109eee';

describe('CreateActivityDto', () => {
  it.each(TTLS)('accepts ttl %s', (ttl) => {
    expect(codes(CreateActivityDto, { message: 'hi', ttl })).toEqual([]);
  });

  it.each([undefined, '', '2-days', 7])('answers ttl_blank for ttl %p', (ttl) => {
    expect(codes(CreateActivityDto, { message: 'hi', ttl })).toEqual([ErrorCodes.ttlBlank]);
  });

  it(`accepts exactly ${MAX_ACTIVITY_CHARS} characters and refuses one more`, () => {
    expect(codes(CreateActivityDto, { message: 'x'.repeat(MAX_ACTIVITY_CHARS), ttl: '1-day' })).toEqual([]);
    expect(codes(CreateActivityDto, { message: 'x'.repeat(MAX_ACTIVITY_CHARS + 1), ttl: '1-day' })).toEqual([
      ErrorCodes.messageExceedMaxChars,
    ]);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['not a string', 42],
  ])('answers only message_blank when the message is %s', (_case, message) => {
    expect(codes(CreateActivityDto, { message, ttl: '1-day' })).toEqual([ErrorCodes.messageBlank]);
  });

  it('reports every invalid field of an empty body', () => {
    expect(codes(CreateActivityDto, {}).sort()).toEqual([ErrorCodes.messageBlank, ErrorCodes.ttlBlank].sort());
  });
});

describe('CreateReplyDto', () => {
  it(`accepts exactly ${MAX_REPLY_CHARS} characters and refuses one more`, () => {
    expect(codes(CreateReplyDto, { message: 'x'.repeat(MAX_REPLY_CHARS) })).toEqual([]);
    expect(codes(CreateReplyDto, { message: 'x'.repeat(MAX_REPLY_CHARS + 1) })).toEqual([
      ErrorCodes.messageExceedMaxChars,
    ]);
  });

  it('answers message_blank for a missing message', () => {
    expect(codes(CreateReplyDto, {})).toEqual([ErrorCodes.messageBlank]);
  });
});

describe('SearchActivitiesDto', () => {
  it.each([undefined, ''])('answers search_term_blank for term %p', (term) => {
    expect(codes(SearchActivitiesDto, { term })).toEqual([ErrorCodes.searchTermBlank]);
  });

  it('accepts a term', () => {
    expect(codes(SearchActivitiesDto, { term: 'cloud' })).toEqual([]);
  });
});

describe('HandleDto', () => {
  it.each([undefined, '', 3])('answers handle_blank for handle %p', (handle) => {
    expect(codes(HandleDto, { handle })).toEqual([ErrorCodes.handleBlank]);
  });

  it('accepts a handle', () => {
    expect(codes(HandleDto, { handle: 'worf' })).toEqual([]);
  });
});

describe('ActivityUuidDto', () => {
  it('accepts a v4 uuid', () => {
    expect(codes(ActivityUuidDto, { uuid: UUID })).toEqual([]);
  });

  it.each([undefined, 'not-a-uuid', '26e12864-1c26-5c3a-9658-97a10f8fea67' /* v5 */])(
    'answers uuid_invalid for %p',
    (uuid) => {
      expect(codes(ActivityUuidDto, { uuid })).toEqual([ErrorCodes.uuidInvalid]);
    },
  );
});

describe('commands', () => {
  it('CreateActivityCommand checks the inherited body and the handle', () => {
    expect(codes(CreateActivityCommand, { handle: 'worf', message: 'hi', ttl: '3-hours' })).toEqual([]);
    expect(codes(CreateActivityCommand, { message: 'x'.repeat(MAX_ACTIVITY_CHARS + 1) }).sort()).toEqual(
      [ErrorCodes.handleBlank, ErrorCodes.messageExceedMaxChars, ErrorCodes.ttlBlank].sort(),
    );
  });

  it('CreateReplyCommand checks the uuid, the handle and the inherited body', () => {
    expect(codes(CreateReplyCommand, { activity_uuid: UUID, handle: 'worf', message: 'hi' })).toEqual([]);
    expect(codes(CreateReplyCommand, { activity_uuid: 'nope', message: '' }).sort()).toEqual(
      [ErrorCodes.handleBlank, ErrorCodes.messageBlank, ErrorCodes.uuidInvalid].sort(),
    );
  });
});
