// Jest project of the scaffolder module (template actions); joins the root run (see the root jest.config.js).
import { typescriptPackageProject } from '../../jest.package.js';

export default typescriptPackageProject('backstage-scaffolder-module', import.meta.url);
