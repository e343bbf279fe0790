import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', 'build', 'node_modules', 'data', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error', 'info'] }],
    },
  },
  {
    // Plain JavaScript that runs on Node before anything is built (scripts/run.mjs).
    files: ['scripts/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    // The service worker: plain JavaScript in its own global scope; the build fills in its version and file list.
    files: ['client/sw/*.js'],
    languageOptions: { globals: { ...globals.serviceworker, __VERSION__: 'readonly', __ASSETS__: 'readonly' } },
  },
  {
    // shared/ is the pure kernel: no DOM, no React, no Node.
    files: ['shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', 'react', 'react-dom', 'ws', '@xyflow/*', '../server/*', '../client/*'] }],
    },
  },
);
