import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import regexp from 'eslint-plugin-regexp'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['build/**', 'public/build/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Every regular expression must run in linear time on hostile input (issue #16.1: a backtracking
  // e-mail pattern let one 300 KB post block the server for 40 s).
  // The whole recommended set for product code; tests (trusted input) get the linear-time rules only.
  { ...regexp.configs['flat/recommended'], files: ['app/**', 'scripts/**', 'db/**', 'bench/**'] },
  {
    plugins: { regexp },
    rules: {
      'regexp/no-super-linear-backtracking': ['error', { report: 'potential' }],
      'regexp/no-super-linear-move': ['error', { report: 'potential', ignorePartial: false }],
    },
  },
  // Migrations are frozen (never edited) and tests scan our own source text: neither sees hostile input.
  { files: ['db/migrations/**', 'tests/**'], rules: { 'regexp/no-super-linear-move': 'off' } },
  {
    files: ['**/*.{ts,tsx,js}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error', 'warn', 'log'] }],
    },
  },
)
