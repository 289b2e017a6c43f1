export { XRayApiError, invalidRequest } from './xray-api-error';
export type { XRayErrorType, XRayErrorBody } from './xray-api-error';
export { encodeNextToken, decodeNextToken, paginate } from './next-token';
export type { ResultPage } from './next-token';
export {
  requireObject,
  requiredString,
  optionalString,
  requiredNumber,
  optionalNumber,
  optionalBoolean,
} from './request-fields';
export type { JsonObject, StringLimits, NumberLimits } from './request-fields';
