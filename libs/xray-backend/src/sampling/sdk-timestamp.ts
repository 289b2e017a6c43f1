/**
 * Timestamps in the GetSamplingTargets response are sent as epoch MILLISECONDS.
 *
 * The X-Ray API sends timestamps as epoch seconds, but the Node SDK (aws-xray-sdk-core 3.x,
 * service_connector.js) reads `ReservoirQuotaTTL` and `LastRuleModification` with
 * `new Date(value).getTime() / 1000`, which treats a number as milliseconds: epoch seconds
 * come out ~1000x too small, every quota looks expired (the SDK only borrows 1/s) and a rule
 * change never triggers its out-of-band rule refresh. Milliseconds come out as the right
 * epoch seconds. `LastRuleModification` must stay a number (the SDK rejects anything else).
 * Only the SDKs call this operation through the daemon; the AWS CLI would show these as
 * far-future dates.
 */
export function toSdkTimestamp(epochMs: number): number {
  return Math.round(epochMs);
}
