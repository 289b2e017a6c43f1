import { outcomeOfStatus } from '@cruddur/xray-contracts';
import type { Completion } from '../recorder/tracer';

/** Status carried by an RPC error body (`{status, message}`), as services answer 4xx over RPC. */
function statusOf(error: unknown): number | undefined {
  const target =
    typeof (error as { getError?: unknown })?.getError === 'function'
      ? (error as { getError(): unknown }).getError()
      : error;
  if (typeof target !== 'object' || target === null) return undefined;
  const status =
    (target as { status?: unknown; statusCode?: unknown }).status ?? (target as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** A 4xx answer is the caller's error; anything else that failed is a fault. */
export function completionOfRpcError(error: unknown): Completion {
  const status = statusOf(error);
  const outcome = status === undefined ? 'fault' : outcomeOfStatus(status);
  if (outcome === 'error' || outcome === 'throttle')
    return { kind: 'error', throttle: outcome === 'throttle', cause: error };
  return { kind: 'fault', cause: error };
}
