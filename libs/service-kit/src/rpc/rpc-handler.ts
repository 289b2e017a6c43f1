import type { RpcEventName, RpcEvents, RpcPattern, RpcRequest, RpcResponse } from '@cruddur/contracts';
import { EventPattern, MessagePattern } from '@nestjs/microservices';
import type { Observable } from 'rxjs';

/** What Nest accepts as a handler's answer: the value itself, or a promise or observable of it. */
export type RpcAnswer<T> = T | Promise<T> | Observable<T>;

/**
 * A method that may handle `pattern`: its first parameter (the `@Payload()`) accepts the
 * contract's request, and it answers the contract's response. Further parameters (`@Ctx()`)
 * are free; a handler that reads nothing declares no parameter.
 */
export type RpcHandlerMethod<P extends RpcPattern> = (
  payload: RpcRequest<P>,
  ...rest: never[]
) => RpcAnswer<RpcResponse<P>>;

/** A method that may handle event `E`: its first parameter accepts the event's payload; Nest ignores its answer. */
export type RpcEventHandlerMethod<E extends RpcEventName> = (event: RpcEvents[E], ...rest: never[]) => unknown;

/**
 * `@MessagePattern(pattern)` checked against `RpcMessages` (libs/contracts): the decorated
 * method does not compile unless its payload and answer match the contract, so a handler
 * cannot drift from what `ServiceClient.send` callers are typed by.
 */
export function RpcHandler<P extends RpcPattern>(pattern: P) {
  return onlyFor<RpcHandlerMethod<P>>(MessagePattern(pattern));
}

/** `@EventPattern(event)` checked against `RpcEvents` (libs/contracts), as `RpcHandler` is for messages. */
export function RpcEventHandler<E extends RpcEventName>(event: E) {
  return onlyFor<RpcEventHandlerMethod<E>>(EventPattern(event));
}

/** Nest's `decorator`, applicable only to methods assignable to `Allowed`. */
function onlyFor<Allowed>(decorator: MethodDecorator) {
  return <M extends Allowed>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>): void => {
    decorator(target, key, descriptor);
  };
}
