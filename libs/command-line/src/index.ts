// What a process reads when it starts (flags, environment) and how it says it cannot start.
// No framework here: the daemon, the CLI and `npm start` use it without loading Nest.
export * from './parse-flags';
export * from './env-reader';
export * from './listen-error';
