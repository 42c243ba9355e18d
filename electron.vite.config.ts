import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(root, 'src/main/electron/main.ts'),
          'training-worker': resolve(root, 'src/main/worker/training-worker.ts'),
          // Helper threads of data-parallel training (engine/parallel/spawn-thread.ts finds it here).
          'replica-thread': resolve(root, 'src/main/engine/parallel/replica-thread.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        // A sandboxed preload cannot be an ES module.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    plugins: [svelte({ configFile: resolve(root, 'svelte.config.js') })],
    build: {
      outDir: resolve(root, 'out/renderer'),
      // Minified module workers throw under tfjs-wasm threads (ENVIRONMENT.md).
      minify: false,
      rollupOptions: { input: resolve(root, 'src/renderer/index.html') },
    },
  },
});
