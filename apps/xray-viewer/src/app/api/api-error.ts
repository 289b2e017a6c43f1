/** An X-Ray API error body (`{"__type", "message"}`) or a transport failure, with the HTTP status. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** `InvalidRequestException`, ..., or `NetworkError` when the daemon did not answer. */
    readonly type: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}
