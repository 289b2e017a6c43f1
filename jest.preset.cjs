// Shared Jest settings: ts-jest in CommonJS mode (Nest 11 is CommonJS; see docs/architecture.md).
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', isolatedModules: true }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@cruddur/contracts$': '<rootDir>/../../libs/contracts/src/index.ts',
    '^@cruddur/service-kit$': '<rootDir>/../../libs/service-kit/src/index.ts',
    '^@cruddur/tracing$': '<rootDir>/../../libs/tracing/src/index.ts',
    '^@cruddur/xray-backend$': '<rootDir>/../../libs/xray-backend/src/index.ts',
  },
};
