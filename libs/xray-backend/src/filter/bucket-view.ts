/**
 * What bucket tests (compile-bucket-test.ts) read of one time bucket of stored traces: an
 * over-approximation of what its traces contain. The trace store keeps one per one-second bucket
 * (store/bucket-summary.ts); the filter never sees records.
 */

/** The boolean keywords whose values a bucket keeps for the services and calls it holds. */
export type SummarizedFlag = 'ok' | 'error' | 'throttle' | 'fault' | 'root' | 'inferred';

/**
 * What some services or calls were, united: the values each flag took, and the range of their
 * response times and HTTP statuses (of those that have one; min > max when none has).
 */
export interface SubjectFactsView {
  had(flag: SummarizedFlag, value: boolean): boolean;
  readonly minResponseTime: number;
  readonly maxResponseTime: number;
  readonly minStatus: number;
  readonly maxStatus: number;
}

/** Whether a node (name, type) is one an expression names. */
export type NodeTest = (name: string, type: string | undefined) => boolean;

export interface BucketView {
  /** Whether some service or inferred node that `matches` accepts may have had facts `test` accepts. */
  someService(matches: NodeTest, test: (facts: SubjectFactsView) => boolean): boolean;
  /** Whether some call between nodes `source` and `destination` accept may have had facts `test` accepts. */
  someEdge(source: NodeTest, destination: NodeTest, test: (facts: SubjectFactsView) => boolean): boolean;
}
