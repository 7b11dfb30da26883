// The azureml-compute backend plugin: status refresh on a schedule, status store, REST routes.
import { azuremlComputePermissions } from '@aml-k8s/plugin-azureml-compute-common';
import { SdkAzureGateway } from '@aml-k8s/shared';
import { LocationSpecSource } from '@aml-k8s/plugin-azureml-compute-node';
import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { azuremlComputePermissionResourceRef, azuremlComputeRules } from './permissions/rules.ts';
import { createRouter } from './router.ts';
import { credentialFromOptions } from './service/credential.ts';
import { readPluginOptions } from './service/options.ts';
import { ArmStatusReader } from './status/arm-reader.ts';
import { ComputeListClient, withSharedPacer } from './status/compute-list.ts';
import type { StatusReader } from './status/observation.ts';
import { refreshStatuses } from './status/refresh.ts';
import { ResourceGraphClient } from './status/resource-graph.ts';
import { StatusStore } from './status/store.ts';

export const STATUS_REFRESH_TASK_ID = 'azureml-compute-status-refresh';

export const azuremlComputePlugin = createBackendPlugin({
  pluginId: 'azureml-compute',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        urlReader: coreServices.urlReader,
      },
      async init({ config, logger, httpRouter, httpAuth, permissions, permissionsRegistry, database, scheduler, urlReader }) {
        const options = readPluginOptions(config);
        const store = await StatusStore.create(await database.getClient(), { skipMigrations: database.migrations?.skip === true });
        // The permissions, and the resource type `azureml-compute` with its rules, so policies may
        // answer conditional decisions (IS_OWNER); the permission backend loads computes by name
        // (the resource ref) to evaluate them for other plugins and the frontend.
        permissionsRegistry.addPermissions(azuremlComputePermissions);
        permissionsRegistry.addResourceType({
          resourceRef: azuremlComputePermissionResourceRef,
          permissions: azuremlComputePermissions.filter((p) => p.type === 'resource'),
          rules: Object.values(azuremlComputeRules),
          getResources: (names) => Promise.all(names.map((name) => store.get(name))),
        });

        const source = new LocationSpecSource({ locations: options.locations, reader: urlReader });
        // The credential is created on first use, so a backend without Azure access still serves its routes.
        let reader: StatusReader | undefined;
        const statusReader = (): StatusReader => {
          if (!reader) {
            const { azure } = options;
            const { credential, describe } = credentialFromOptions(azure);
            logger.info(`azureml-compute: reading status from ${azure.arm.endpoint} as ${describe}`);
            // The core's gateway reads extensions; compute lists are read as plain JSON (compute-list.ts);
            // Resource Graph (which the core does not offer) finds extensions and workspaces. The
            // gateway and the lists draw on the same ARM read bucket: one pacer for both.
            const arm = withSharedPacer(azure.arm);
            const gateway = new SdkAzureGateway(credential, arm);
            const computeLists = new ComputeListClient(credential, arm);
            reader = new ArmStatusReader({ getExtension: (ref) => gateway.getExtension(ref), listComputes: (...args) => computeLists.list(...args) }, new ResourceGraphClient(credential, arm), {
              extensionSource: azure.extensionSource,
              workspaces: azure.workspaces,
              discoverWorkspaces: azure.discoverWorkspaces,
              pageSize: azure.pageSize,
              concurrency: azure.concurrency,
            });
          }
          return reader;
        };
        for (const w of options.warnings) logger.warn(`azureml-compute: ${w}`);
        if (options.locations.length === 0) logger.warn('azureml-compute: no spec locations configured (azureMlCompute.locations): there is nothing to show');

        await scheduler.scheduleTask({
          id: STATUS_REFRESH_TASK_ID,
          ...options.schedule,
          scope: 'global',
          fn: async () => {
            if (options.locations.length === 0) return;
            try {
              await refreshStatuses({ source, reader: statusReader(), store, logger, historyRetentionDays: options.historyRetentionDays });
            } catch (err) {
              logger.error('azureml-compute: status refresh failed', err instanceof Error ? err : new Error(String(err)));
            }
          },
        });

        httpRouter.use(
          await createRouter({ store, httpAuth, permissions, historyLimit: options.historyLimit, ruleset: permissionsRegistry.getPermissionRuleset(azuremlComputePermissionResourceRef) }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
