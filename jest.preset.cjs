// Shared Jest settings: ts-jest in CommonJS mode (Nest 11 is CommonJS; see docs/architecture.md).
const { join } = require('path');
const { compilerOptions } = require('./tsconfig.base.json');

// Library aliases come from tsconfig.base.json, so they are written once.
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, join(__dirname, target)]),
);

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
};
