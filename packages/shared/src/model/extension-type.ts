// The AzureML extension's type, as aml-k8s sends it and as `az` and the docs write it (ARM compares
// extension types case-insensitively).
/** The `extensionType` aml-k8s sends in the extension body. */
export const EXTENSION_TYPE = 'microsoft.azureml.kubernetes';
/** The `--extension-type` of `az k8s-extension create`, as the Azure documentation writes it. */
export const AZUREML_EXTENSION_TYPE = 'Microsoft.AzureML.Kubernetes';
