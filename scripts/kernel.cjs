#!/usr/bin/env node
// The course's Jupyter kernel: tslab, started with the repository root as its working folder, so
// every notebook (wherever it sits) imports the course library as "./lib" and tslab compiles it.
// Registered as the kernelspec "mlsys-ts" by `npm run setup` (scripts/setup.sh).
"use strict";
const path = require("node:path");
const root = path.resolve(__dirname, "..");
process.chdir(root);
const { startKernel } = require(path.join(root, "node_modules", "tslab", "dist", "main.js"));
const configPath = process.argv[2];
if (!configPath) {
  console.error("usage: kernel.cjs CONNECTION_FILE (Jupyter passes it)");
  process.exit(2);
}
startKernel({ configPath, enableFindLocal: false });
