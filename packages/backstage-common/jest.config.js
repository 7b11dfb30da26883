// Jest project of the common library (REST contract, entity conventions, permissions); joins the root run (see the root jest.config.js).
import { typescriptPackageProject } from '../../jest.package.js';

export default typescriptPackageProject('backstage-common', import.meta.url);
