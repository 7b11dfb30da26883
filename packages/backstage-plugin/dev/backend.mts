// Development backend for the dev app: the catalog (compute entities from the azureml-compute
// catalog module, the template, a few groups), the scaffolder with the azureml actions and GitHub
// publishing, and the azureml-compute backend plugin reading status from Azure (or the ARM emulator:
// see start-stack.mts). Configuration: app-config.yaml beside this file plus APP_CONFIG_* overrides.
//
//   node dev/backend.mts --config dev/app-config.yaml --config dev/backend-config.yaml
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'));
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@aml-k8s/plugin-azureml-compute-backend'));
backend.add(import('@aml-k8s/plugin-catalog-backend-module-azureml-compute'));
backend.add(import('@aml-k8s/plugin-scaffolder-backend-module-azureml-compute'));
await backend.start();
