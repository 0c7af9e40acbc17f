import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // two cores: keep the pool small so notebook and worker-thread tests do not starve each other
    maxWorkers: 2,
    // CI (.ci/run) also writes a JSON report, from which it prints "N passed, N failed"
    reporters: process.env.CI ? ["default", ["json", { outputFile: "build/vitest-results.json" }]] : ["default"],
  },
});
