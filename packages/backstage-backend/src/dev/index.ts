// Development helpers (`@aml-k8s/plugin-azureml-compute-backend/dev`): the standalone demo backend,
// seeding an ARM endpoint with applied specs, synthetic fleets. Not for production backends.
export { DEMO_TOKEN, EXAMPLES_DIR, freePort, startDemoEmulator, startStandaloneBackend } from './standalone.ts';
export type { ArmTarget, StandaloneBackend, StandaloneOptions } from './standalone.ts';
export { seedApplied } from './seed.ts';
export type { SeedOptions } from './seed.ts';
export { fleetSpecs, StaticSpecSource } from './fleet.ts';
export type { FleetOptions } from './fleet.ts';
export { inMemoryStatusStore } from './memory-store.ts';
