// @ts-check
/**
 * The browser check (`npm run test:e2e`): Playwright driving the Chromium this machine has
 * (Debian's `chromium` package), never a browser Playwright downloads. It opens the page at
 * E2E_BASE_URL: the published port or the proxy in front of the app.
 */
import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: "e2e",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  retries: 0,
  workers: 1,
  reporter: "list",
  outputDir: process.env["E2E_OUTPUT_DIR"] ?? "test-results",
  use: {
    browserName: "chromium",
    baseURL: process.env["E2E_BASE_URL"] ?? "http://127.0.0.1:3000",
    launchOptions: { executablePath: process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium" },
  },
});
