// Jest project of the Backstage backend plugin; joins the root run (see the root jest.config.js).
import { typescriptPackageProject } from '../../jest.package.js';

export default typescriptPackageProject('backstage-backend', import.meta.url);
