#!/usr/bin/env node
// The bundled CLI (built by `npm run build -w packages/action`).
import '../dist/cli.js';
