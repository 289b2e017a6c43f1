import { XRayApiError } from '../api-errors/xray-api-error';

/**
 * A filter expression that does not parse, or asks for something the language does not allow
 * (a string operator on a number keyword, ...). It is the API's InvalidRequestException (400),
 * so the HTTP layer returns it as it is; `position` is the 0-based character offset.
 */
export class FilterSyntaxError extends XRayApiError {
  constructor(
    readonly position: number,
    readonly problem: string,
  ) {
    super('InvalidRequestException', `Invalid filter expression at position ${position}: ${problem}`);
  }
}
