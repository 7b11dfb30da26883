// Jest project of the plugin's Node library (spec reading); joins the root run (see the root jest.config.js).
import { typescriptPackageProject } from '../../jest.package.js';

export default typescriptPackageProject('backstage-node', import.meta.url);
