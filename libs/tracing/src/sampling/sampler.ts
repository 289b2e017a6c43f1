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
 * Decides whether a trace that starts here is recorded, as OpenTelemetry's Sampler. Asked when no
 * trusted upstream decided already (`Tracer.startSegment`): X-Ray's way, and OpenTelemetry's
 * `parentbased_*` samplers. One that `ignoresParent` is asked for every trace.
 */
export interface Sampler {
  /**
   * Decides also a trace whose trusted upstream already decided (the context is still continued):
   * OpenTelemetry's samplers without `parentbased_`, e.g. `always_off` records nothing even under a
   * sampled caller.
   */
  readonly ignoresParent?: boolean;
  /**
   * Gets a fresh request object per decision, which it may keep or change, and the trace's id
   * (`1-...`), for samplers that decide by trace id.
   */
  shouldSample(request: SampleRequest, traceId: string): SamplingDecision;
  /** Stops pollers and timers (Tracer.shutdown). */
  shutdown?(): void;
}
