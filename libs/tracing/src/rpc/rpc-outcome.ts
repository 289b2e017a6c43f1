import type { Outcome } from '../recorder/tracer';

/** Status carried by an RPC error body (`{status, message}`), as services answer 4xx over RPC. */
function statusOf(error: unknown): number | undefined {
  const target = typeof (error as { getError?: unknown })?.getError === 'function' ? (error as { getError(): unknown }).getError() : error;
  if (typeof target !== 'object' || target === null) return undefined;
  const status = (target as { status?: unknown; statusCode?: unknown }).status ?? (target as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** A 4xx answer is the caller's error; anything else that failed is a fault. */
export function outcomeOfRpcError(error: unknown): Outcome {
  const status = statusOf(error);
  if (status !== undefined && status >= 400 && status < 500) return { kind: 'error', throttle: status === 429, cause: error };
  return { kind: 'fault', cause: error };
}
