import { outcomeOfStatus } from '@cruddur/xray-contracts';
import { type Completion, OK } from '../recorder/tracer';

/** What an HTTP status records: 4xx error (429 also throttle), 5xx fault, with the cause. */
export function completionOfStatus(status: number, cause?: unknown): Completion {
  switch (outcomeOfStatus(status)) {
    case 'fault':
      return { kind: 'fault', cause };
    case 'throttle':
      return { kind: 'error', throttle: true, cause };
    case 'error':
      return { kind: 'error', throttle: false, cause };
    default:
      return OK;
  }
}
