import { invalidRequest, XRayApiError } from './xray-api-error';

describe('XRayApiError', () => {
  it.each([
    ['InvalidRequestException', 400],
    ['ThrottledException', 429],
    ['RuleLimitExceededException', 400],
    ['ResourceNotFoundException', 404],
  ] as const)('%s has status %d', (type, status) => {
    expect(new XRayApiError(type, 'x').status).toBe(status);
  });

  it('serialises as a restJson1 error body and header', () => {
    const error = invalidRequest('Rule name is required');
    expect(error).toBeInstanceOf(Error);
    expect(error.toBody()).toEqual({
      __type: 'InvalidRequestException',
      message: 'Rule name is required',
      Message: 'Rule name is required',
    });
    expect(error.headers()['x-amzn-ErrorType']).toBe('InvalidRequestException');
  });
});
