import type { RejectReason } from '../segments/reject-reason';

// What each refusal means for an OpenTelemetry span, for the partial-success message a client
// logs. The span checks (ids, times) say it themselves; these are the document validator's.
const SPAN_WORDING: Partial<Record<RejectReason, string>> = {
  too_large: 'the span as an X-Ray document is over 64 KB',
  too_deep: 'attribute or metadata values nest too deep',
  forbidden_key: 'a key named __proto__, constructor or prototype',
  bad_name: 'no usable name',
  bad_field_type: 'a value X-Ray cannot hold',
};

/** A short reason for a refused span. */
export function describeRejectReason(reason: RejectReason): string {
  return SPAN_WORDING[reason] ?? reason.replace(/_/g, ' ');
}
