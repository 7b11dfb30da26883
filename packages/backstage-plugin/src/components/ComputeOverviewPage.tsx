import { Content, ContentHeader, Header, Page, SupportButton } from '@backstage/core-components';
import { ComputeOverview } from './ComputeOverview';

/** The overview page: header, help, and every compute's status. */
export function ComputeOverviewPage() {
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
