// Jest project of the Backstage development stack (standalone demo backend); joins the root run
import { typescriptPackageProject } from '../../jest.package.js';

export default typescriptPackageProject('backstage-dev', import.meta.url);
