// Jest project of the catalog module (entity provider); joins the root run (see the root jest.config.js).
import { typescriptPackageProject } from '../../jest.package.js';

export default typescriptPackageProject('backstage-catalog-module', import.meta.url);
