// Backstage's ESLint configuration for this package's role, as the repository adjusts it.
module.exports = require('../../.eslintrc.backstage.cjs')(__dirname);
