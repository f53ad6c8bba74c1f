import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

// A build is always a production build, even when started from a test run (NODE_ENV=test would
// otherwise bundle React's development build, three times the size).
export default defineConfig(({ command }) => ({
  root,
  mode: command === 'build' ? 'production' : undefined,
  define: command === 'build' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        // Each page is a chunk of its own (React.lazy in src/lazy-pages.tsx); the small parts that
        // several pages share (cards, forms, helpers) go together in one chunk instead of a dozen
        // of 1 kB, each a request the browser queues behind its six connections on a first load.
        codeSplitting: { groups: [{ name: 'shared', test: /web[\\/]client[\\/]src[\\/]|agent[\\/]tools[\\/]/, minShareCount: 2 }] },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
}));
