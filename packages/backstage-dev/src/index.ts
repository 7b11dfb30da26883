// @aml-k8s/backstage-dev: the development side of the Backstage plugins, kept out of the published
// packages (it runs the ARM emulator, a test double): the standalone demo backend, seeding an ARM
// endpoint with applied specs, synthetic fleets, an in-memory status store. For the demo, the dev
// app (packages/backstage-plugin/dev), tests and benchmarks; never for production backends.
export { DEMO_TOKEN, EXAMPLES_DIR, freePort, startDemoEmulator, startStandaloneBackend } from './standalone.ts';
export type { ArmTarget, StandaloneBackend, StandaloneOptions } from './standalone.ts';
export { seedApplied } from './seed.ts';
export { armSender, principalCredential, statusReaderFor } from './arm.ts';
export type { ArmPrincipal, ArmSender } from './arm.ts';
export type { SeedOptions } from './seed.ts';
export { fleetSpecs, StaticSpecSource } from './fleet.ts';
export type { FleetOptions } from './fleet.ts';
export { inMemoryStatusStore } from './memory-store.ts';
export { stopProcessGroup } from './process-group.ts';
