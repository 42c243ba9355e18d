import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // One build for every main-side program, run as JavaScript: the Electron main (index), the
        // engine process (engine: utilityProcess / forked by the browser host), the command line
        // (cli: bin/latent-explorer.mjs), `npm start`'s launcher (start: bin/start.mjs) and the
        // engine's training threads. Only index imports electron (checked by build-output.test.ts).
        input: {
          index: resolve(root, 'src/main/electron/main.ts'),
          engine: resolve(root, 'src/main/worker/engine-main.ts'),
          cli: resolve(root, 'src/main/cli/main.ts'),
          start: resolve(root, 'src/main/launcher/start.ts'),
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
