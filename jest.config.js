// One jest run over every package. The core packages are TypeScript ESM with explicit `.ts` import
// specifiers, transformed by swc and run as native ES modules. Packages with needs of their own
// (the Backstage plugins: TSX, jsdom) bring a `jest.config.js` that joins the run as a project.
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const rootDir = dirname(fileURLToPath(import.meta.url));
const swc = ['@swc/jest', { jsc: { target: 'es2023', parser: { syntax: 'typescript' } }, module: { type: 'es6' } }];
const ownConfig = ['packages/backstage-backend', 'packages/backstage-plugin'].filter((p) => existsSync(`${rootDir}/${p}/jest.config.js`));

const core = {
  displayName: 'core',
  rootDir,
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  testMatch: ['<rootDir>/packages/*/src/**/*.test.ts', '<rootDir>/packages/*/test/**/*.test.ts', '<rootDir>/scripts/**/*.test.ts', '<rootDir>/bench/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', ...ownConfig.map((p) => `<rootDir>/${p}/`)],
  testEnvironmentOptions: { customExportConditions: ['node'] },
};

export default {
  projects: [core, ...ownConfig.map((p) => `<rootDir>/${p}`)],
  testTimeout: 60000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
};
