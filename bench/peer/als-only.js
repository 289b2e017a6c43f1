// Reference point, not tracing: switches on AsyncLocalStorage propagation (what the first
// `als.run()` of any library does) in a service whose tracing is off. On Node 20 every
// async resource and promise then pays the init hook that carries the store: the floor
// cost of any ALS-based context, whatever the tracer does on top of it.
const { AsyncLocalStorage } = require('node:async_hooks');

new AsyncLocalStorage().enterWith({ propagating: true });
