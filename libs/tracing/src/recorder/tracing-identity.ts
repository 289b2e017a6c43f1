/** What segment documents say about the recorder (`aws.xray`) when the X-Ray SDK is not in the process. */
export interface RecorderIdentity {
  sdk: string;
  sdk_version: string;
  package: string;
}

/**
 * This library as the recorder: its version is the monorepo's (package.json), as the library is
 * not published on its own; a test keeps the two equal.
 */
export const TRACING_IDENTITY: RecorderIdentity = {
  sdk: '@cruddur/tracing',
  sdk_version: '0.1.0',
  package: '@cruddur/tracing',
};
