import { BooleanKeyword, NumberKeyword, NumberOperator, StringKeyword, StringOperator } from './keywords';

/** The parsed form of a filter expression. AND/OR are n-ary so long chains stay shallow. */
export type FilterNode =
  | { readonly kind: 'or'; readonly operands: readonly FilterNode[] }
  | { readonly kind: 'and'; readonly operands: readonly FilterNode[] }
  | { readonly kind: 'not'; readonly operand: FilterNode }
  /** `service(ref) {body}`; no ref means any service, no body means "is in the trace". */
  | { readonly kind: 'service'; readonly target?: NodeMatcher; readonly body?: FilterNode }
  | {
      readonly kind: 'edge';
      readonly source: NodeMatcher;
      readonly destination: NodeMatcher;
      readonly body?: FilterNode;
    }
  /** `fault`, `fault = false`, ... normalised to the value the keyword must have. */
  | { readonly kind: 'flag'; readonly keyword: BooleanKeyword; readonly expected: boolean }
  | {
      readonly kind: 'number';
      readonly keyword: NumberKeyword;
      readonly operator: NumberOperator;
      readonly value: number;
    }
  | {
      readonly kind: 'string';
      readonly keyword: StringKeyword;
      readonly operator: StringOperator;
      readonly value: string;
    }
  /** Bare `annotation.key` (present and not `false`) or a comparison with a typed value. */
  | { readonly kind: 'annotation'; readonly key: string; readonly test?: AnnotationTest };

export type AnnotationTest =
  | { readonly type: 'string'; readonly operator: StringOperator; readonly value: string }
  | { readonly type: 'number'; readonly operator: NumberOperator; readonly value: number }
  | { readonly type: 'boolean'; readonly operator: '=' | '!='; readonly value: boolean };

/** `"name"` or `id(name: "..", type: "..")`; an absent field matches anything. */
export interface NodeMatcher {
  readonly name?: string;
  readonly type?: string;
}
