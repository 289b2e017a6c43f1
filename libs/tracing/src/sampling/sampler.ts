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
 * when no trusted upstream decided already (`Tracer.startSegment`), so it is always the root
 * decision: OpenTelemetry's `parentbased_*` samplers are the same sampler here.
 */
export interface Sampler {
  /**
   * Gets a fresh request object per decision, which it may keep or change, and the trace's id
   * (`1-...`), for samplers that decide by trace id.
   */
  shouldSample(request: SampleRequest, traceId: string): SamplingDecision;
  /** Stops pollers and timers (Tracer.shutdown). */
  shutdown?(): void;
}
