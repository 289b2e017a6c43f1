/**
 * Runs `assertion` until it stops throwing, or rethrows its last failure after `timeoutMs`.
 * Segments reach the daemon over UDP and the page renders asynchronously: both need a moment.
 */
export async function retryUntil(assertion: () => Promise<void>, timeoutMs: number): Promise<void> {
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
