import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import svelteParser from 'svelte-eslint-parser';

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'resources/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', window: 'readonly', document: 'readonly' },
    },
    rules: {
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parser: svelteParser, parserOptions: { parser: tseslint.parser } },
  },
  // Layering (DESIGN.md): only src/main/electron and src/preload may import electron.
  {
    files: [
      'src/shared/**',
      'src/main/engine/**',
      'src/main/data/**',
      'src/main/export/**',
      'src/main/service/**',
      'src/main/worker/**',
      'src/main/web/**',
      'src/main/cli/**',
      'src/renderer/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only src/main/electron and src/preload may import electron.' }] },
      ],
    },
  },
);
