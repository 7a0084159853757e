import vue from "@vitejs/plugin-vue";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The Data Explorer's build: Vue single-file components, hashed assets in dist/assets (cached for a year by
// Hosting), uPlot and the Firebase SDK split into chunks loaded only by the pages that need them.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [vue()],
  resolve: {
    alias: { "@panoptes/sky": fileURLToPath(new URL("../../libs/sky/src/index.ts", import.meta.url)) },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    manifest: true,
    sourcemap: false,
  },
  server: {
    proxy: {
      "/api": process.env.EXPLORER_API_URL ?? "http://127.0.0.1:5001/demo-panoptes/us-central1/explorerApi",
    },
  },
});
