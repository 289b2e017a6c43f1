/**
 * The error body a service sends back over RPC, so the gateway can answer
 * with the right HTTP status instead of a 500.
 */
export interface RpcErrorBody {
  status: 400 | 404 | 422;
  message: string;
  errors?: string[];
}

export function isRpcErrorBody(value: unknown): value is RpcErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (v.status === 400 || v.status === 404 || v.status === 422) && typeof v.message === 'string';
}
