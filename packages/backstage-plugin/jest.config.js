// The frontend plugin's jest project; it joins the root test run (see the root jest.config.js).
// TypeScript/TSX and Backstage's ES modules are compiled to CommonJS by swc.
const path = require('node:path');

const transformer = path.join(__dirname, 'jest/swc-transform.cjs');
const swc = (syntax) => [
  transformer,
  {
    jsc: {
      target: 'es2022',
      parser: syntax === 'typescript' ? { syntax, tsx: true } : { syntax, jsx: true },
      transform: { react: { runtime: 'automatic' } },
    },
    module: { type: 'commonjs' },
  },
];
const transform = {
  '\\.(ts|tsx|mts|cts)$': swc('typescript'),
  '\\.(js|jsx|mjs|cjs)$': swc('ecmascript'),
  '\\.(bmp|gif|jpg|jpeg|png|ico|webp|svg|eot|woff|woff2|ttf)$': path.join(__dirname, 'jest/file-transform.cjs'),
};
// CommonJS packages that need no transform (as in Backstage's own jest preset).
const plainCommonJs = ['@material-ui', 'ajv', 'core-js', 'jest-.*', 'jsdom', 'knex', 'react', 'react-dom', 'highlight\\.js', 'prismjs', 'json-schema', 'react-use/lib', 'typescript'];

module.exports = {
  displayName: 'backstage-plugin',
  rootDir: __dirname,
  transform,
  transformIgnorePatterns: [`/node_modules/(?:${plainCommonJs.join('|')})/`],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs', 'json'],
  // Component tests run in jsdom; the browser test (test/e2e) switches to node with a docblock.
  testEnvironment: path.join(__dirname, 'jest/jsdom-environment.cjs'),
  testEnvironmentOptions: { customExportConditions: ['browser', 'require', 'default'] },
  setupFilesAfterEnv: ['@testing-library/jest-dom/jest-globals', path.join(__dirname, 'jest/quiet-library-warnings.cjs')],
  testMatch: ['<rootDir>/src/**/*.test.{ts,tsx}', '<rootDir>/test/**/*.test.{ts,tsx}'],
};
