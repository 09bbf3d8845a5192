/// <reference types="vitest/config" />
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// dist/ is emptied on every build (old hashed assets would otherwise pile up in the
// embedded binary) but dist/.gitkeep is committed (go:embed needs the directory in a
// fresh clone): put it back after each build.
const keepGitkeep = (): Plugin => ({
  name: 'ccpdesk-keep-gitkeep',
  closeBundle() {
    writeFileSync(resolve(__dirname, 'dist/.gitkeep'), '');
  },
});

export default defineConfig({
  plugins: [react(), keepGitkeep()],
  // Relative asset URLs: the same build runs under wails://wails/ (bundled shell) and at
  // any path of an organisation's HTTPS origin (hosted shell).
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
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
