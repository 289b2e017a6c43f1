/** Counts what was taken in the current whole second (epoch), up to a limit: a reservoir. */
export class PerSecondLimit {
  private second = -1;
  private taken = 0;

  /** Takes one if fewer than `limit` were taken in the second of `nowMs`. */
  take(nowMs: number, limit: number): boolean {
    const second = Math.floor(nowMs / 1000);
    if (second !== this.second) {
      this.second = second;
      this.taken = 0;
    }
    if (this.taken >= limit) return false;
    this.taken++;
    return true;
  }
}
