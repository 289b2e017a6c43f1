// One flat config for the whole workspace. @nx/enforce-module-boundaries reads each project's tags
// (project.json): `type:*` says what a project is, `platform:*` where its code runs.
import nx from '@nx/eslint-plugin';
import globals from 'globals';
import noImportOutsideProject from './tools/eslint/no-import-outside-project.mjs';

/** Who may depend on whom. Test-only code (specs, fixtures, e2e projects) gets `type:util` on top. */
const platformConstraints = [
  // The browser viewer bundles everything it imports: nothing that needs Node.
  { sourceTag: 'platform:browser', onlyDependOnLibsWithTags: ['platform:browser', 'platform:any'] },
  // Wire contracts and other Node-free code stay Node-free all the way down.
  { sourceTag: 'platform:any', onlyDependOnLibsWithTags: ['platform:any'] },
  { sourceTag: 'platform:node', onlyDependOnLibsWithTags: ['platform:node', 'platform:any'] },
];
const typeConstraints = (testCode) => [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: testCode ? ['type:lib', 'type:util'] : ['type:lib'] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: testCode ? ['type:lib', 'type:util'] : ['type:lib'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:lib', 'type:util'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:util'] },
];
const boundaries = (testCode) => [
  'error',
  {
    enforceBuildableLibDependency: true,
    allow: [],
    depConstraints: [...platformConstraints, ...typeConstraints(testCode)],
  },
];
const unusedVars = ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }];
const testFiles = ['**/*.spec.ts', '**/*.fixture.ts', '**/test/**/*.ts', 'apps/*-e2e/**/*.ts'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/node_modules', 'tmp/**', 'bench/results/**', 'docs/**'],
  },
  {
    files: ['**/*.ts'],
    plugins: { cruddur: { rules: { 'no-import-outside-project': noImportOutsideProject } } },
    rules: {
      '@nx/enforce-module-boundaries': boundaries(false),
      'cruddur/no-import-outside-project': 'error',
      '@typescript-eslint/no-unused-vars': unusedVars,
      '@typescript-eslint/no-explicit-any': 'error',
      // A `!` that is wrong fails later as a TypeError on undefined; narrow instead (specs: test-kit's `defined`).
      '@typescript-eslint/no-non-null-assertion': 'error',
    },
  },
  {
    files: testFiles,
    rules: { '@nx/enforce-module-boundaries': boundaries(true) },
  },
  {
    // The benchmarks are CommonJS scripts run by Node directly. Nx's JavaScript config leaves
    // `no-undef` off and allows the browser's globals too; here a stray `name` or `event` fails.
    // (`globals` is the package that config takes its lists from.)
    files: ['bench/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      ecmaVersion: 'latest',
      globals: {
        ...Object.fromEntries(Object.keys(globals.browser).map((name) => [name, 'off'])),
        ...globals.node,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': unusedVars,
      'no-undef': 'error',
    },
  },
];
