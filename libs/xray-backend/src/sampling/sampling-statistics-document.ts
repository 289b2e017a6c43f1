import type { SamplingStatisticsDocument } from '@cruddur/xray-contracts';
import { invalidRequest } from '../api-errors/xray-api-error';
import { optionalNumber, requiredNumber, requiredString, requireObject } from '../api-errors/request-fields';

const MAX_DOCUMENTS = 25;
const COUNT = { min: 0, integer: true };

/** Validates a GetSamplingTargets body `{SamplingStatisticsDocuments: [...]}` (at most 25). */
export function parseSamplingStatisticsDocuments(request: unknown): SamplingStatisticsDocument[] {
  const path = 'GetSamplingTargetsRequest';
  const documents = requireObject(request, path).SamplingStatisticsDocuments;
  if (!Array.isArray(documents))
    throw invalidRequest(
      `Value at '${path}.SamplingStatisticsDocuments' failed to satisfy constraint: Member must be a list`,
    );
  if (documents.length > MAX_DOCUMENTS) {
    throw invalidRequest(
      `Value at '${path}.SamplingStatisticsDocuments' failed to satisfy constraint: Member must have length less than or equal to ${MAX_DOCUMENTS}`,
    );
  }
  return documents.map((value, index) => {
    const where = `${path}.SamplingStatisticsDocuments[${index}]`;
    const document = requireObject(value, where);
    return {
      RuleName: requiredString(document, 'RuleName', where, { min: 1, max: 32 }),
      ClientID: requiredString(document, 'ClientID', where, { pattern: /^[0-9a-fA-F]{24}$/ }),
      Timestamp: requiredNumber(document, 'Timestamp', where, { min: 0 }),
      RequestCount: requiredNumber(document, 'RequestCount', where, COUNT),
      SampledCount: requiredNumber(document, 'SampledCount', where, COUNT),
      BorrowCount: optionalNumber(document, 'BorrowCount', where, COUNT) ?? 0,
    };
  });
}
