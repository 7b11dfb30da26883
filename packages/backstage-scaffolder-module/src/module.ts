// Scaffolder module: registers the azureml:compute:* template actions.
import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createRenderComputeAction, createValidateComputeAction } from './actions.ts';
import { createAzureDevOpsPullRequestAction } from './azure-devops.ts';

export const scaffolderModuleAzuremlCompute = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'azureml-compute',
  register(env) {
    env.registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint, config: coreServices.rootConfig },
      async init({ scaffolder, config }) {
        scaffolder.addActions(createValidateComputeAction(), createRenderComputeAction(), createAzureDevOpsPullRequestAction({ config }));
      },
    });
  },
});
