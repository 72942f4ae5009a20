#!/usr/bin/env node
// Runs the compiled CLI (built by `npm ci` / `npm run build` at the repository root).
import '../../dist/scripts/cli.js';
