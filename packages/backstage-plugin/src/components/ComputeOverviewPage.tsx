import { Content, ContentHeader, Header, Page, SupportButton } from '@backstage/core-components';
import { azuremlComputeListPermission } from '@aml-k8s/plugin-azureml-compute-common';
import { RequirePermission } from '@backstage/plugin-permission-react';
import { ComputeOverview } from './ComputeOverview';

/**
 * The overview page: header, help, and the status of every compute the user may read. Users without
 * `azureml.compute.list` get the app's "not found" page (nothing while that is being asked); which
 * computes the others see is up to `azureml.compute.read` on the backend.
 */
export function ComputeOverviewPage() {
  return (
    <RequirePermission permission={azuremlComputeListPermission}>
      <ComputeOverviewContent />
    </RequirePermission>
  );
}

function ComputeOverviewContent() {
  return (
    <Page themeId="tool">
      <Header title="Azure ML compute" subtitle="Kubernetes clusters attached to Azure Machine Learning workspaces" />
      <Content>
        <ContentHeader title="Status at a glance">
          <SupportButton>
            Each compute is a spec file in the platform repository. Its status is read from Azure: the AzureML extension on the
            cluster and the compute attached to the workspace. Failed ones show the documented remedy.
          </SupportButton>
        </ContentHeader>
        <ComputeOverview />
      </Content>
    </Page>
  );
}
