import { runInTrace } from '../context/trace-context';
import { TraceAwareLogger } from './trace-aware-logger';

describe('TraceAwareLogger', () => {
  const traceId = '1-5759e988-bd862e3fe1be46a994272793';

  function captured(write: (logger: TraceAwareLogger) => void): string {
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      write(new TraceAwareLogger('App', { colors: false, timestamp: false }));
      return out.mock.calls.map(([chunk]) => String(chunk)).join('');
    } finally {
      out.mockRestore();
    }
  }

  it('puts the trace id after the context inside a trace', () => {
    const line = captured((logger) =>
      runInTrace({ traceId, sampled: true, spanId: '53995c3f42cd8ad8' }, () => logger.log('hello')),
    );
    expect(line).toContain(`[App] [${traceId}] hello`);
  });

  it('writes plain lines outside a trace', () => {
    const line = captured((logger) => logger.log('hello'));
    expect(line).toContain('[App] hello');
    expect(line).not.toMatch(/\[1-[0-9a-f]{8}-/);
  });
});
