import { NumberOperator, StringOperator } from './keywords';

/** The test a number comparison applies to a value, built once per compiled expression. */
export function numberTest(operator: NumberOperator, expected: number): (value: number) => boolean {
  switch (operator) {
    case '=':
      return (value) => value === expected;
    case '!=':
      return (value) => value !== expected;
    case '<':
      return (value) => value < expected;
    case '<=':
      return (value) => value <= expected;
    case '>':
      return (value) => value > expected;
    case '>=':
      return (value) => value >= expected;
  }
}

/**
 * For the comparisons that need a value at least `expected` (`>`, `>=`, `=`): whether a value
 * known to be at most `bound` fails them. Undefined for the others, which a bound cannot decide.
 */
export function failsBelow(operator: NumberOperator, expected: number): ((bound: number) => boolean) | undefined {
  switch (operator) {
    case '>':
      return (bound) => bound <= expected;
    case '>=':
    case '=':
      return (bound) => bound < expected;
    default:
      return undefined;
  }
}

/** String comparisons are case-sensitive, like X-Ray's. */
export function stringTest(operator: StringOperator, expected: string): (value: string) => boolean {
  switch (operator) {
    case '=':
      return (value) => value === expected;
    case '!=':
      return (value) => value !== expected;
    case 'contains':
      return (value) => value.includes(expected);
    case 'beginswith':
      return (value) => value.startsWith(expected);
    case 'endswith':
      return (value) => value.endsWith(expected);
  }
}

/**
 * For values known to lie in [min, max] (none when min > max): whether one of them may pass the
 * comparison. Conservative: `=` only knows the value is in range, not that it occurs.
 */
export function rangeMayPass(operator: NumberOperator, expected: number): (min: number, max: number) => boolean {
  switch (operator) {
    case '=':
      return (min, max) => min <= expected && expected <= max;
    case '!=':
      return (min, max) => min < max || (min === max && min !== expected);
    case '<':
      return (min) => min < expected;
    case '<=':
      return (min) => min <= expected;
    case '>':
      return (_min, max) => max > expected;
    case '>=':
      return (_min, max) => max >= expected;
  }
}
