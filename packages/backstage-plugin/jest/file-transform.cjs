// Images and fonts imported by Backstage components become their file name in tests.
const path = require('node:path');

module.exports = {
  process(_source, filePath) {
    return { code: `module.exports = ${JSON.stringify(path.basename(filePath))};` };
  },
};
