// The jest project of a TypeScript ESM package that joins the root run (see jest.config.js):
// swc transforms the sources, which run as native ES modules; Backstage's own packages are
// CommonJS and load as such.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const swc = ['@swc/jest', { jsc: { target: 'es2023', parser: { syntax: 'typescript' } }, module: { type: 'es6' } }];

/** `configUrl`: the package's jest.config.js (`import.meta.url`), whose folder is the project's root. */
export function typescriptPackageProject(displayName, configUrl) {
  return {
    displayName,
    rootDir: dirname(fileURLToPath(configUrl)),
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts'],
    transform: { '^.+\\.ts$': swc },
    testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
    testPathIgnorePatterns: ['/node_modules/'],
    testEnvironmentOptions: { customExportConditions: ['node'] },
  };
}
