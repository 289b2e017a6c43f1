import { optionalBoolean, requiredNumber, requiredString, requireObject } from './request-fields';
import { XRayApiError } from './xray-api-error';

function messageOf(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(XRayApiError);
    expect((error as XRayApiError).type).toBe('InvalidRequestException');
    return (error as XRayApiError).message;
  }
  throw new Error('accepted');
}

describe('request fields', () => {
  it('reads valid fields', () => {
    const body = requireObject({ Name: 'a', Priority: 5, On: true }, 'Body');
    expect(requiredString(body, 'Name', 'Body', { min: 1, max: 2 })).toBe('a');
    expect(requiredNumber(body, 'Priority', 'Body', { min: 1, max: 9, integer: true })).toBe(5);
    expect(optionalBoolean(body, 'On', 'Body')).toBe(true);
  });

  it('names the field and the constraint it breaks', () => {
    const body = { Name: 'abc', Priority: 1.5, Rate: Number.NaN, On: 'yes' };
    expect(messageOf(() => requireObject([], 'Body'))).toBe(
      "Value at 'Body' failed to satisfy constraint: Member must be an object",
    );
    expect(messageOf(() => requiredString(body, 'Name', 'Body', { max: 2 }))).toContain("'Body.Name'");
    expect(messageOf(() => requiredString(body, 'Missing', 'Body'))).toContain('Member must not be null');
    expect(messageOf(() => requiredString(body, 'Name', 'Body', { pattern: /^\d+$/ }))).toContain('pattern');
    expect(messageOf(() => requiredNumber(body, 'Priority', 'Body', { integer: true }))).toContain('integer');
    expect(messageOf(() => requiredNumber(body, 'Rate', 'Body'))).toContain('must be a number');
    expect(messageOf(() => requiredNumber({ P: 0 }, 'P', 'Body', { min: 1 }))).toContain('greater than or equal to 1');
    expect(messageOf(() => optionalBoolean(body, 'On', 'Body'))).toContain('boolean');
  });
});
