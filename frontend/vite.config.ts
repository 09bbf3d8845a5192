/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  // Relative asset URLs: the same build runs under wails://wails/ (bundled shell) and at
  // any path of an organisation's HTTPS origin (hosted shell).
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: false, // keep dist/.gitkeep (committed so go:embed works in a fresh clone)
    chunkSizeWarningLimit: 4096,
    sourcemap: false,
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    testTimeout: 20000,
  },
});
