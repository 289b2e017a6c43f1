import { numberTest, stringTest } from './comparisons';
import { AnnotationTest } from './filter-ast';
import type { AnnotationValue } from '@cruddur/xray-contracts';

/**
 * An annotation comparison only looks at values of the literal's type: `annotation.n = 5`
 * does not match the string "5", and `!=` is "has a value of that type that differs".
 */
export function comparisonOf(test: AnnotationTest): (value: AnnotationValue) => boolean {
  switch (test.type) {
    case 'string': {
      const matches = stringTest(test.operator, test.value);
      return (value) => typeof value === 'string' && matches(value);
    }
    case 'number': {
      const matches = numberTest(test.operator, test.value);
      return (value) => typeof value === 'number' && matches(value);
    }
    case 'boolean': {
      const expected = test.value === (test.operator === '=');
      return (value) => typeof value === 'boolean' && value === expected;
    }
  }
}
