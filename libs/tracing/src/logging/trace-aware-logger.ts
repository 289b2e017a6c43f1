import { ConsoleLogger } from '@nestjs/common';
import { currentTrace } from '../context/trace-context';

/**
 * Nest's console logger with the trace id on every line written inside a traced
 * request or message, so a log line leads to its trace. Use with `app.useLogger(...)`.
 */
export class TraceAwareLogger extends ConsoleLogger {
  protected override formatContext(context: string): string {
    const base = super.formatContext(context);
    const trace = currentTrace();
    return trace ? `${base}[${trace.traceId}] ` : base;
  }
}
