// Jest runs in native ESM mode (NODE_OPTIONS=--experimental-vm-modules, set by scripts/test.mjs):
// the CommonJS setup cannot load NestJS 12 on Node 20 (docs/stack-notes.md).
const shared = {
  preset: 'ts-jest/presets/default-esm',
  extensionsToTreatAsEsm: ['.ts'],
  testEnvironment: 'node',
  moduleNameMapper: {
    '^#(contracts|config|agronomy|net|testing)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
  },
};

export default {
  // testTimeout is a global option (projects ignore it): integration and end-to-end tests boot
  // PostgreSQL, brokers, the api and a browser on a 2-core machine. Tests still wait on conditions
  // with their own deadlines; this only stops a hook from being cut off at jest's 5 s default.
  testTimeout: 120_000,
  // One embedded PostgreSQL per run when TEST_DATABASE_URL is unset (libs/testing useTestDatabase).
  globalSetup: '<rootDir>/scripts/jest-global-setup.mjs',
  globalTeardown: '<rootDir>/scripts/jest-global-teardown.mjs',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'int',
      testTimeout: 60_000,
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
    },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
