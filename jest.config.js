/** System tests run against real PostgreSQL, Redis and NATS; see test/support/test-env.ts. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
/** What every project shares: TypeScript through swc, and the ESM-only packages made CommonJS. */
const shared = {
  testEnvironment: 'node',
  rootDir: '.',
  testMatch: ['**/*.spec.ts'],
  // jose (JWS for tokens and bus signatures) and fhir-kit-client (the FHIR tests' independent
  // client) ship ES modules only: swc turns them into CommonJS for Jest, as Node's require(esm)
  // does for the built apps.
  transform: { '^.+\\.ts$': swc, '/node_modules/(jose|fhir-kit-client)/.+\\.js$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(jose|fhir-kit-client)/)'],
  moduleNameMapper: {
    // Its package exports only an "import" condition, which Jest's CommonJS resolver skips.
    '^fhir-kit-client$': '<rootDir>/node_modules/fhir-kit-client/dist/index.js',
    '^@app/shared$': '<rootDir>/libs/shared/src',
    '^@app/shared/(.*)$': '<rootDir>/libs/shared/src/$1',
  },
};

/**
 * Two projects: `unit` (pure logic beside the code in apps/ and libs/, no services, safe to run
 * in parallel) and `system` (test/: real PostgreSQL, Redis, NATS and the built services, one file
 * at a time on a 2-core machine). scripts/test.sh runs them one after the other.
 */
module.exports = {
  projects: [
    { ...shared, displayName: 'unit', roots: ['<rootDir>/apps', '<rootDir>/libs'] },
    {
      ...shared,
      displayName: 'system',
      roots: ['<rootDir>/test'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  maxWorkers: 1,
  // A leaked socket or child must not hold CI for 90 minutes; leaks are found with --detectOpenHandles.
  forceExit: true,
};
