// Property tests explore new random cases on every local run. In CI (CI=true) they run with one
// fixed seed, so that a red build can be reproduced and a green one is not luck; set
// AML_K8S_PROPERTY_SEED to replay another seed (fast-check prints the seed of any failure).
import fc from 'fast-check';

const seed = process.env.AML_K8S_PROPERTY_SEED ?? (process.env.CI ? '20261206' : undefined);
if (seed !== undefined) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(seed) });
