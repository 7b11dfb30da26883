// ESLint 8 (legacy configuration) for the core packages (shared, action, arm-emulator, cli, backstage-dev)
// and the root's bench/, scripts/ and *.js. The Backstage plugin packages have `.eslintrc.cjs` files of their
// own with Backstage's configuration (`backstage-cli package lint`). `.cjs`: the repository is ESM.
// `eslint .` lints *.js and every file an override's `files` names (*.ts, *.mts, *.cts, *.cjs, *.mjs).
const typescript = ['*.ts', '*.mts', '*.cts', '*.tsx'];
const tests = ['*.test.ts', '*.test.tsx', '**/test/**'];

module.exports = {
  root: true,
  reportUnusedDisableDirectives: true,
  parser: '@typescript-eslint/parser',
  parserOptions: { ecmaVersion: 'latest', sourceType: 'module' },
  env: { node: true, es2024: true },
  plugins: ['@typescript-eslint'],
  extends: ['eslint:recommended', 'plugin:@typescript-eslint/recommended'],
  ignorePatterns: [
    '**/node_modules/**',
    '**/dist/**',
    '**/dist-types/**',
    '**/coverage/**',
    // Generated code (ajv's standalone validator): checked by its generator's tests, not by hand.
    '**/*.generated.js',
  ],
  rules: {
    // The renderers, the shell quoting and the secret redaction match control characters on purpose.
    'no-control-regex': 'off',
    // Regular expressions over YAML and shell text spell indentation as it is written.
    'no-regex-spaces': 'off',
    // `_name` marks a binding kept for its position or to drop a property from a rest object.
    '@typescript-eslint/no-unused-vars': [
      'error',
      { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
    ],
    eqeqeq: ['error', 'smart'],
    'no-self-compare': 'error',
    'no-constant-binary-expression': 'error',
    'no-unreachable-loop': 'error',
  },
  overrides: [
    {
      files: typescript,
      // Type-aware rules: each file is checked in the TypeScript project (tsconfig.json) it belongs to.
      parserOptions: {
        // scripts/generate-docs.ts is in no tsconfig.json (scripts/tsconfig.json leaves it out).
        projectService: { allowDefaultProject: ['scripts/generate-docs.ts'], defaultProject: 'tsconfig.base.json' },
        tsconfigRootDir: __dirname,
      },
      rules: {
        '@typescript-eslint/no-floating-promises': 'error',
        '@typescript-eslint/no-misused-promises': 'error',
        '@typescript-eslint/await-thenable': 'error',
      },
    },
    { files: ['*.cjs'], parserOptions: { sourceType: 'script' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
    { files: ['*.mjs'] },
    {
      files: tests,
      // Tests read untyped JSON (ARM responses, fixtures) and poke at internals; `any` stays banned in sources.
      rules: { '@typescript-eslint/no-explicit-any': 'off' },
    },
  ],
};
