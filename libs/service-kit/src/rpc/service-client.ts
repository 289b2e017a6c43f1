import type { RpcPattern, RpcRequest, RpcResponse } from '@cruddur/contracts';
import { Logger } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { rpcFailureToHttp } from './rpc-failure';

/**
 * A microservice as the gateway sees it: request/response with a deadline, and
 * failures already translated to HTTP answers. Never hangs, never throws a raw socket error.
 */
export class ServiceClient {
  private readonly logger: Logger;

  constructor(
    readonly service: string,
    private readonly client: ClientProxy,
    private readonly timeoutMs: number,
  ) {
    this.logger = new Logger(`${service}-client`);
  }

  /**
   * Request/response, typed by the pattern (`RpcMessages` in libs/contracts); `timeoutMs`
   * overrides the default deadline (health probes use a shorter one).
   */
  async send<P extends RpcPattern>(
    pattern: P,
    data: RpcRequest<P>,
    timeoutMs = this.timeoutMs,
  ): Promise<RpcResponse<P>> {
    try {
      return await firstValueFrom(
        this.client.send<RpcResponse<P>, RpcRequest<P>>(pattern, data).pipe(timeout(timeoutMs)),
      );
    } catch (error) {
      const http = rpcFailureToHttp(error, this.service, timeoutMs);
      if (http.getStatus() >= 500) this.logger.warn(`${pattern}: ${http.message} (${describe(error)})`);
      throw http;
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
