// @aml-k8s/plugin-scaffolder-backend-module-azureml-compute: the scaffolder module of aml-k8s
// (default export): the template actions `azureml:compute:validate`, `azureml:compute:render` and
// `azureml:compute:azure-devops-pull-request`.
//
//   backend.add(import('@aml-k8s/plugin-scaffolder-backend-module-azureml-compute'));
import { scaffolderModuleAzuremlCompute } from './module.ts';

export default scaffolderModuleAzuremlCompute;
export { scaffolderModuleAzuremlCompute } from './module.ts';
export { createRenderComputeAction, createValidateComputeAction, RENDER_ACTION_ID, VALIDATE_ACTION_ID } from './actions.ts';
export { AZURE_DEVOPS_API_VERSION, AZURE_DEVOPS_PULL_REQUEST_ACTION_ID, createAzureDevOpsPullRequestAction } from './azure-devops.ts';
export type { AzureDevOpsPullRequestActionOptions } from './azure-devops.ts';
export { renderSpecYaml, specFromForm } from './form.ts';
export type { ComputeFormInput, ComputeFormInstanceType } from './form.ts';
