// Runs Backstage's backend feature discovery (`backend.packages: all`) the way an app's backend
// does: from a script whose closest package.json lists the installed packages. Prints the features
// it found as JSON. PackageDiscoveryService is internal to @backstage/backend-defaults (its
// discoveryFeatureLoader wraps it), so it is loaded from the package's dist folder.
const { dirname, join } = require('node:path');
const { ConfigReader } = require('@backstage/config');

const { PackageDiscoveryService } = require(join(dirname(require.resolve('@backstage/backend-defaults')), 'PackageDiscoveryService.cjs.js'));
const detected = [];
const logger = { info: (message) => detected.push(message), warn() {}, error() {}, debug() {}, child: () => logger };

new PackageDiscoveryService(new ConfigReader({ backend: { packages: 'all' } }), logger)
  .getBackendFeatures()
  .then(({ features }) => {
    // A plugin or module feature holds its registration (internal shape: { type, pluginId, moduleId? }).
    const out = features.flatMap((f) => (typeof f.getRegistrations === 'function' ? f.getRegistrations() : [f]).map((r) => ({ $$type: f.$$type, type: r.type, pluginId: r.pluginId, moduleId: r.moduleId })));
    process.stdout.write(JSON.stringify({ detected, features: out }));
  })
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
