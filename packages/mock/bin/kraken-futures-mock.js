#!/usr/bin/env node
// The published command. A committed file rather than dist/cli.js itself, so that pnpm can link the
// command when the workspace is installed before anything is built; the program is the built CLI.
import "../dist/cli.js";
