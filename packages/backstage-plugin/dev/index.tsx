// Development app (new frontend system): this plugin with the catalog (entity pages with the card)
// and the scaffolder (the template form), against the dev backend (backend.mts). Signs in as the
// guest user automatically, so requests carry a Backstage token as in a real portal.
import { SignInPage } from '@backstage/core-components';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { createDevApp } from '@backstage/frontend-dev-utils';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import azureMLComputePlugin from '../src';

const guestSignIn = createFrontendModule({
  pluginId: 'app',
  extensions: [
    SignInPageBlueprint.make({
      params: { loader: async () => (props) => <SignInPage {...props} auto providers={['guest']} /> },
    }),
  ],
});

createDevApp({ features: [azureMLComputePlugin, catalogPlugin, scaffolderPlugin, guestSignIn] });
