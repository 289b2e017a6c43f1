import { ROOT_CONTEXT } from '@opentelemetry/api';
import { SamplingDecision, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import { newTraceId, w3cTraceIdOf } from '@cruddur/xray-contracts';
import { alwaysOffSampler, alwaysOnSampler, TraceIdRatioSampler } from './standard-samplers';

const request = { serviceName: 'gateway' };

describe('standard samplers', () => {
  it('always_on and always_off', () => {
    expect(alwaysOnSampler(false).shouldSample(request, newTraceId())).toEqual({ sampled: true });
    expect(alwaysOffSampler(false).shouldSample(request, newTraceId())).toEqual({ sampled: false });
  });

  it.each([0, 0.1, 0.5, 1])('traceidratio %s decides each trace as OpenTelemetry JS does', (ratio) => {
    const ours = new TraceIdRatioSampler(ratio, true);
    const theirs = new TraceIdRatioBasedSampler(ratio);
    const ids = Array.from({ length: 2000 }, () => newTraceId());
    const decisions = ids.map((id) => ours.shouldSample(request, id).sampled);
    expect(decisions).toEqual(
      ids.map(
        (id) => theirs.shouldSample(ROOT_CONTEXT, w3cTraceIdOf(id)).decision === SamplingDecision.RECORD_AND_SAMPLED,
      ),
    );
    const share = decisions.filter(Boolean).length / ids.length;
    expect(Math.abs(share - ratio)).toBeLessThan(0.05);
  });
});
