#!/usr/bin/env node
// The `aml-k8s` command of the published @aml-k8s/cli package. The bundle (dist/, copied from
// packages/action/dist at `npm pack`) needs a recent Node, so this file checks the version first,
// in syntax any Node that loads ES modules can parse, and says what is wrong in one line rather
// than failing somewhere inside the bundle.
import { existsSync } from 'node:fs';

// The floor of what the bundle carries (undici 8 declares >=22.19.0; @azure/identity >=22).
// Keep equal to engines.node in package.json (test/install.test.ts checks).
const MINIMUM = '22.19.0';

const parts = (v) => v.split('.').map((n) => parseInt(n, 10) || 0);
const [major, minor, patch] = parts(process.versions.node);
const [minMajor, minMinor, minPatch] = parts(MINIMUM);
const tooOld = major !== minMajor ? major < minMajor : minor !== minMinor ? minor < minMinor : patch < minPatch;
if (tooOld) {
  process.stderr.write(`aml-k8s: needs Node.js ${MINIMUM} or newer; this is Node.js ${process.versions.node} (${process.execPath}). Install a newer Node (24 LTS recommended) or put it first on PATH.\n`);
  process.exit(1);
}

// Installed from the tarball, the bundle sits in ../dist; in a checkout of the repository (where
// npm links this bin for the workspace) it has not been copied, so run the committed one.
const own = new URL('../dist/cli.js', import.meta.url);
await import(existsSync(own) ? own.href : new URL('../../action/dist/cli.js', import.meta.url).href);
