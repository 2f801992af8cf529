import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { overviewBudget } from './build/overview-budget.mjs';

// The API a `npm run dev:web` session talks to (started separately with `npm start`).
const api = process.env.API_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), overviewBudget()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    // Source maps stay out of the served bundle; the budget counts what a browser downloads.
    sourcemap: false,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: {
      '/graphql': { target: api, ws: true, changeOrigin: false },
      '/healthz': api,
      '/readyz': api,
      '/exports': api,
    },
  },
});
