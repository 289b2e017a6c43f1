// The viewer runs in a browser. The workspace-wide typecheck (tsconfig.json) compiles every app
// with the Node libs only, so the DOM types are declared here, where the browser code lives.
/// <reference lib="dom" />
