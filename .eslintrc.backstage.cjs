// Backstage's own ESLint configuration (@backstage/cli/config/eslint-factory, the one `backstage-cli package
// lint` expects) for the Backstage plugin packages, with this repository's adjustments. Each of those packages
// has a `.eslintrc.cjs` (`.cjs`: the repository is ESM) that calls this with its directory.
const createPackageConfig = require('@backstage/cli/config/eslint-factory');

// The test tooling: one jest run over the whole repository (jest.config.js at the root).
const testTooling = ['**/*.test.*', 'test/**', 'jest/**', 'jest.config.js'];

module.exports = (dir, extra = {}) =>
  createPackageConfig(dir, {
    ...extra,
    // The root .eslintrc.cjs is for the core packages: do not merge it in.
    root: true,
    reportUnusedDisableDirectives: true,
    testRules: {
      // describe() names an action by its exported id constant, whose type this non-type-aware rule cannot see.
      'jest/valid-title': ['error', { ignoreTypeOfDescribeName: true }],
      ...extra.testRules,
    },
    overrides: [
      {
        files: testTooling,
        rules: {
          // jest, @jest/globals, @swc/jest and jsdom are root devDependencies (one jest run for every package).
          '@backstage/no-undeclared-imports': 'off',
          // Each jest.config.js extends the root's shared jest.package.js.
          '@backstage/no-relative-monorepo-imports': 'off',
        },
      },
      ...(extra.overrides ?? []),
    ],
  });
