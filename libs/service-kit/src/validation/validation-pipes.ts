import { UnprocessableEntityException, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import type { RpcErrorBody } from '@cruddur/contracts';
import { errorCodesOf } from './error-codes-of';

const common: ValidationPipeOptions = {
  transform: true,
  whitelist: true,
  // Cruddur answers one error per field; stopping at the first keeps `message_blank` from
  // being joined by `message_exceed_max_chars` for a missing field.
  stopAtFirstError: true,
  validationError: { target: false, value: false },
};

/** HTTP: invalid input is 422 `{"errors": [codes]}`, as Cruddur answers. */
export function httpValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...common,
    exceptionFactory: (errors) => new UnprocessableEntityException({ errors: errorCodesOf(errors) }),
  });
}

/** RPC: services validate their payloads too, and answer an error body the gateway maps to 422. */
export function rpcValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...common,
    exceptionFactory: (errors) => {
      const body: RpcErrorBody = { status: 422, message: 'invalid payload', errors: errorCodesOf(errors) };
      return new RpcException(body);
    },
  });
}
