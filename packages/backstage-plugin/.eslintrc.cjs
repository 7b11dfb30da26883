// Backstage's ESLint configuration for this package's role, as the repository adjusts it.
module.exports = require('../../.eslintrc.backstage.cjs')(__dirname, {
  overrides: [
    {
      // The dev stack's Node entry points (`npm start` here, the e2e tests' servers) report to the terminal.
      files: ['dev/**/*.mts'],
      rules: { 'no-console': 'off' },
    },
  ],
});
