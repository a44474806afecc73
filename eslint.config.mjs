import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/coverage/**',
      '.nx/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
      'data/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'layer:base', onlyDependOnLibsWithTags: ['layer:base'] },
            { sourceTag: 'layer:wire', onlyDependOnLibsWithTags: ['layer:base', 'layer:wire'] },
            { sourceTag: 'layer:market-data', onlyDependOnLibsWithTags: ['layer:base', 'layer:market-data'] },
            {
              sourceTag: 'layer:trading',
              onlyDependOnLibsWithTags: ['layer:base', 'layer:wire', 'layer:market-data', 'layer:trading'],
            },
            { sourceTag: 'layer:storage', onlyDependOnLibsWithTags: ['layer:base'] },
            {
              sourceTag: 'layer:engine',
              onlyDependOnLibsWithTags: [
                'layer:base',
                'layer:wire',
                'layer:market-data',
                'layer:trading',
                'layer:storage',
                'layer:engine',
              ],
            },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:sim', onlyDependOnLibsWithTags: ['type:lib', 'type:sim'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:sim', 'type:app'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:sim', 'type:tool'] },
          ],
        },
      ],
    },
  },
  {
    // Command-line entry points and benchmarks print to the terminal by design.
    files: ['**/src/cli.ts', '**/src/main.ts', '**/bench/**/*.ts', 'tools/**/*.ts', 'apps/**/src/terminal*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Benchmarks import their own package by name, against its build, on purpose (see tsconfig.bench.json).
    files: ['**/bench/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    files: ['**/*.spec.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  prettier,
);
