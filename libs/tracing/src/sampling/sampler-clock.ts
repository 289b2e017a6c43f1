/** A timer that can be cancelled. */
export interface SamplerTimer {
  cancel(): void;
}

/**
 * Time as the samplers see it: injectable, so their tests step time by hand instead of waiting.
 */
export interface SamplerClock {
  /** Epoch milliseconds. */
  now(): number;
  /** Runs `callback` once after `delayMs`; the timer never keeps the process alive. */
  setTimer(callback: () => void, delayMs: number): SamplerTimer;
}

export const systemClock: SamplerClock = {
  now: Date.now,
  setTimer(callback, delayMs) {
    const timer = setTimeout(callback, delayMs);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};
