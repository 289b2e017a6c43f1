import { XRayApiError } from './xray-api-error';

/** Test helper: the XRayApiError `call` throws (fails the test if it returns or throws anything else). */
export function rejection(call: () => unknown): XRayApiError {
  try {
    call();
  } catch (error) {
    if (error instanceof XRayApiError) return error;
    throw error;
  }
  throw new Error('accepted');
}
