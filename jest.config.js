// One jest run over every package. The core packages are TypeScript ESM with explicit `.ts` import
// specifiers, transformed by swc and run as native ES modules. Packages with needs of their own
// (the Backstage plugins: TSX, jsdom) bring a `jest.config.js` that joins the run as a project.
import { existsSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const rootDir = dirname(fileURLToPath(import.meta.url));
const swc = ['@swc/jest', { jsc: { target: 'es2023', parser: { syntax: 'typescript' } }, module: { type: 'es6' } }];
// Every package with a jest.config.js of its own (the Backstage packages) is a project of its own.
const ownConfig = readdirSync(`${rootDir}/packages`)
  .map((p) => `packages/${p}`)
  .filter((p) => existsSync(`${rootDir}/${p}/jest.config.js`))
  .sort();

const core = {
  displayName: 'core',
  rootDir,
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  testMatch: ['<rootDir>/packages/*/src/**/*.test.ts', '<rootDir>/packages/*/test/**/*.test.ts', '<rootDir>/packages/*/tools/**/*.test.ts', '<rootDir>/scripts/**/*.test.ts', '<rootDir>/bench/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', ...ownConfig.map((p) => `<rootDir>/${p}/`)],
  testEnvironmentOptions: { customExportConditions: ['node'] },
  setupFiles: ['<rootDir>/scripts/jest-property-seed.js'],
};

export default {
  projects: [core, ...ownConfig.map((p) => `<rootDir>/${p}`)],
  testTimeout: 60000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
};
