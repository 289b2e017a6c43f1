import { ArgumentMetadata, UnprocessableEntityException } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { CreateActivityDto, ErrorCodes } from '@cruddur/contracts';
import { httpValidationPipe, rpcValidationPipe } from './validation-pipes';

const body: ArgumentMetadata = { type: 'body', metatype: CreateActivityDto };

/** The rejection of a pipe run, so its shape can be asserted. */
async function rejection(run: Promise<unknown>): Promise<unknown> {
  return run.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

describe('httpValidationPipe', () => {
  it('answers 422 {errors} with one code per invalid field', async () => {
    const error = await rejection(httpValidationPipe().transform({ message: '', ttl: 'forever' }, body));
    expect(error).toBeInstanceOf(UnprocessableEntityException);
    const http = error as UnprocessableEntityException;
    expect(http.getStatus()).toBe(422);
    expect(http.getResponse()).toEqual({
      errors: expect.arrayContaining([ErrorCodes.messageBlank, ErrorCodes.ttlBlank]),
    });
    expect((http.getResponse() as { errors: string[] }).errors).toHaveLength(2);
  });

  it('stops at the first failing check: a missing message is only message_blank', async () => {
    const error = (await rejection(
      httpValidationPipe().transform({ ttl: '1-day' }, body),
    )) as UnprocessableEntityException;
    expect(error.getResponse()).toEqual({ errors: [ErrorCodes.messageBlank] });
  });

  it('passes a valid body through as the DTO class, without unknown properties', async () => {
    const value = await httpValidationPipe().transform({ message: 'hi', ttl: '1-day', admin: true }, body);
    expect(value).toBeInstanceOf(CreateActivityDto);
    expect(value).toEqual({ message: 'hi', ttl: '1-day' });
  });
});

describe('rpcValidationPipe', () => {
  it('throws an RpcException whose error is a 422 RpcErrorBody', async () => {
    const error = await rejection(rpcValidationPipe().transform({ message: 'x'.repeat(281), ttl: '1-day' }, body));
    expect(error).toBeInstanceOf(RpcException);
    expect((error as RpcException).getError()).toEqual({
      status: 422,
      message: 'invalid payload',
      errors: [ErrorCodes.messageExceedMaxChars],
    });
  });
});
