import { defineConfig } from "vite";
import solid from "vite-plugin-solid";

export default defineConfig({
  root: "ui",
  plugins: [solid()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022" },
  server: {
    proxy: {
      "/trpc": "http://127.0.0.1:8000",
      "/files": "http://127.0.0.1:8000",
      "/_dev": "http://127.0.0.1:8000",
    },
  },
});
