/** A labelled mark on the waterfall's time axis. */
export interface TimeTick {
  /** Seconds from the trace start. */
  readonly offset: number;
  /** Position as a share of the duration (0..1). */
  readonly position: number;
  readonly label: string;
}

const STEPS = [1, 2, 5];

/** The smallest 1-2-5 step (in seconds) that gives at most `maxTicks` intervals. */
function niceStep(duration: number, maxTicks: number): number {
  const rough = duration / maxTicks;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = STEPS.find((s) => s * magnitude >= rough);
  return (step ?? 10) * magnitude;
}

function label(seconds: number, step: number): string {
  if (step >= 1) return `${Number(seconds.toFixed(0))} s`;
  const ms = seconds * 1000;
  const decimals = Math.max(0, -Math.floor(Math.log10(step * 1000)));
  return `${ms.toFixed(decimals)} ms`;
}

/** Ticks from 0 to the duration at a readable step ("0 ms, 5 ms, 10 ms ..."). */
export function timeTicks(duration: number, maxTicks = 8): TimeTick[] {
  if (!(duration > 0)) return [{ offset: 0, position: 0, label: '0 ms' }];
  const step = niceStep(duration, maxTicks);
  const ticks: TimeTick[] = [];
  for (let i = 0; i * step <= duration * (1 + 1e-9); i++) {
    const offset = i * step;
    ticks.push({ offset, position: offset / duration, label: label(offset, step) });
  }
  return ticks;
}
