/** The request fields X-Ray sampling rules match on. */
export interface SampleRequest {
  serviceName: string;
  host?: string;
  httpMethod?: string;
  urlPath?: string;
}

export interface SamplingDecision {
  sampled: boolean;
  /** The rule that sampled it, when the sampler reports one (centralized rules). */
  rule?: string;
}

/**
 * Decides whether a trace that starts here is recorded, as OpenTelemetry's Sampler. Only asked
 * when no trusted upstream decided already. Today: the X-Ray SDK's centralized sampler.
 */
export interface Sampler {
  /** Gets a fresh request object per decision, which it may keep or change. */
  shouldSample(request: SampleRequest): SamplingDecision;
}
