// Lets a benchmark require the project's TypeScript sources directly (transpiled on load,
// no type check), so micro-benchmarks measure the library code itself, not a bundle.
// `@cruddur/*` imports resolve through the `paths` of the tsconfig.base.json above the importing
// file, so a BENCH_SOURCES checkout elsewhere (e.g. /tmp/old) loads its own libraries.
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: filename,
  });
  module._compile(outputText, filename);
};

const workspaces = new Map();

/** The workspace root above `dir` and its path aliases, or undefined. */
function workspaceOf(dir) {
  if (workspaces.has(dir)) return workspaces.get(dir);
  const config = path.join(dir, 'tsconfig.base.json');
  const parent = path.dirname(dir);
  const found = fs.existsSync(config)
    ? { root: dir, paths: JSON.parse(fs.readFileSync(config, 'utf8')).compilerOptions.paths }
    : parent === dir
      ? undefined
      : workspaceOf(parent);
  workspaces.set(dir, found);
  return found;
}

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request.startsWith('@cruddur/') && parent && parent.filename) {
    const workspace = workspaceOf(path.dirname(parent.filename));
    const target = workspace && workspace.paths[request];
    if (target) return resolveFilename.call(this, path.join(workspace.root, target[0]), parent, ...rest);
  }
  return resolveFilename.call(this, request, parent, ...rest);
};
