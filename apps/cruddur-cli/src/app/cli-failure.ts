/** Something outside the CLI failed (daemon or gateway down, an error answer): one line that says what to do, exit 1. */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';
}
