import { ValidationError } from 'class-validator';
import { errorCodesOf } from './error-codes-of';

function error(
  property: string,
  constraints?: Record<string, string>,
  children: ValidationError[] = [],
): ValidationError {
  return Object.assign(new ValidationError(), { property, constraints, children });
}

describe('errorCodesOf', () => {
  it('flattens constraints and nested children in first-occurrence order without duplicates', () => {
    const errors = [
      error('message', { isNotEmpty: 'message_blank', maxLength: 'message_exceed_max_chars' }),
      error('reply', undefined, [
        error('message', { isNotEmpty: 'message_blank' }),
        error('ttl', { isIn: 'ttl_blank' }),
      ]),
      error('handle', { isString: 'handle_blank' }),
    ];
    expect(errorCodesOf(errors)).toEqual(['message_blank', 'message_exceed_max_chars', 'ttl_blank', 'handle_blank']);
  });

  it('answers nothing for no errors', () => {
    expect(errorCodesOf([])).toEqual([]);
  });
});
