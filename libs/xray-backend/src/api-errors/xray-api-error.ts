/** Error codes of the X-Ray API that this backend can return (botocore model `xray/2016-04-12`). */
export type XRayErrorType =
  | 'InvalidRequestException'
  | 'ThrottledException'
  | 'RuleLimitExceededException'
  | 'ResourceNotFoundException'
  | 'TooManyTagsException';

/** HTTP status per error code, from the model's `httpError` traits (none means 400 for client errors). */
const STATUS_BY_TYPE: Readonly<Record<XRayErrorType, number>> = {
  InvalidRequestException: 400,
  ThrottledException: 429,
  RuleLimitExceededException: 400,
  ResourceNotFoundException: 404,
  TooManyTagsException: 400,
};

/** restJson1 error body. */
export interface XRayErrorBody {
  readonly __type: XRayErrorType;
  readonly message: string;
  readonly Message: string;
}

/**
 * An X-Ray API error as AWS serialises it (restJson1). The HTTP layer writes `status`,
 * `headers()` and `toBody()`; everything that validates API input throws this.
 */
export class XRayApiError extends Error {
  readonly status: number;

  constructor(
    readonly type: XRayErrorType,
    message: string,
  ) {
    super(message);
    this.name = type;
    this.status = STATUS_BY_TYPE[type];
  }

  /**
   * The model names the member `Message`; AWS SDKs and botocore read `message` first and fall
   * back to `Message`, so both are sent and every client shows the text.
   */
  toBody(): XRayErrorBody {
    return { __type: this.type, message: this.message, Message: this.message };
  }

  /** SDKs take the error code from this header before looking at the body. */
  headers(): Readonly<Record<string, string>> {
    return { 'Content-Type': 'application/json', 'x-amzn-ErrorType': this.type };
  }
}

/** The request is missing required parameters or has invalid parameters (400). */
export function invalidRequest(message: string): XRayApiError {
  return new XRayApiError('InvalidRequestException', message);
}
