// @aml-k8s/plugin-scaffolder-backend-module-azureml-compute: the scaffolder module of aml-k8s
// (default export): the template actions `azureml:compute:validate` and `azureml:compute:render`.
//
//   backend.add(import('@aml-k8s/plugin-scaffolder-backend-module-azureml-compute'));
import { scaffolderModuleAzuremlCompute } from './module.ts';

export default scaffolderModuleAzuremlCompute;
export { scaffolderModuleAzuremlCompute } from './module.ts';
export { createRenderComputeAction, createValidateComputeAction, RENDER_ACTION_ID, VALIDATE_ACTION_ID } from './actions.ts';
export { renderSpecYaml, specFromForm } from './form.ts';
export type { ComputeFormInput, ComputeFormInstanceType } from './form.ts';
