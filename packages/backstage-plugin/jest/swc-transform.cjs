// Compiles the plugin's TypeScript/TSX and the ES modules Backstage ships in node_modules to
// CommonJS for jest. Plain CommonJS files are passed through untouched.
const { createTransformer: createSwcTransformer } = require('@swc/jest');

const ESM_SYNTAX = /\b(?:import|export)\b/;

function createTransformer(options) {
  const swc = createSwcTransformer({ inputSourceMap: false, ...options });
  return {
    getCacheKey: swc.getCacheKey,
    process(source, filePath, jestOptions) {
      if (/\.c?js$/.test(filePath) && !ESM_SYNTAX.test(source)) return { code: source };
      return swc.process(source, filePath, jestOptions);
    },
  };
}

module.exports = { createTransformer };
