/**
 * Builds the graph bundle into ../static/graph/ (committed; Django reads manifest.json there).
 * The manifest sits at the top of the output, not in .vite/, because collectstatic skips dot-dirs.
 */
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [react()],
  base: "./",
  build: {
    outDir: "../static/graph",
    emptyOutDir: true,
    manifest: "manifest.json",
    sourcemap: false,
    target: "es2022",
    chunkSizeWarningLimit: 2500,
    rolldownOptions: {
      input: [
        "src/pages/viewer.tsx",
        "src/pages/designer.tsx",
        "src/pages/execution.tsx",
        "src/pages/executions.ts",
        "src/pages/dashboard.ts",
      ],
      output: {
        entryFileNames: "assets/[name]-[hash].js",
        chunkFileNames: "assets/[name]-[hash].js",
        assetFileNames: "assets/[name]-[hash][extname]",
        // Libraries in chunks of their own: they keep their hash while our code changes.
        codeSplitting: {
          groups: [
            { name: "elk", test: /node_modules[\\/]elkjs/ },
            // The dashboard's charts: only the dashboard loads it.
            { name: "uplot", test: /node_modules[\\/]uplot/ },
            // The code view's editor: only the designer loads it.
            {
              name: "codemirror",
              test: /node_modules[\\/](@codemirror|@lezer|@marijn|style-mod|w3c-keyname|crelt)/,
            },
            { name: "vendor", test: /node_modules/ },
          ],
        },
      },
    },
  },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    environment: "node",
  },
});
