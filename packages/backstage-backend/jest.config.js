// Jest project of the Backstage backend plugin; joins the root run (see the root jest.config.js).
// TypeScript ESM like the core packages; Backstage's own packages are CommonJS and load as such.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const swc = ['@swc/jest', { jsc: { target: 'es2023', parser: { syntax: 'typescript' } }, module: { type: 'es6' } }];

export default {
  displayName: 'backstage-backend',
  rootDir: dirname(fileURLToPath(import.meta.url)),
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testEnvironmentOptions: { customExportConditions: ['node'] },
};
