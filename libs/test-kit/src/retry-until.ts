/**
 * Runs `assertion` until it stops throwing and resolves with what it returned, or rethrows its last failure
 * after `timeoutMs`.
 * Segments reach the daemon over UDP and the page renders asynchronously: both need a moment.
 */
export async function retryUntil<T>(assertion: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
