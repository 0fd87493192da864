import tseslint from 'typescript-eslint';

// Import direction (architecture.md): http/cli/jobs → app → domain and db; the domain imports
// nothing of ours; the web app imports only types from the HTTP schemas.
const layers = ['app', 'db', 'http', 'jobs', 'cli', 'web'];
const outside = (allowed) =>
  layers
    .filter((l) => !allowed.includes(l))
    .map((l) => ({
      group: [`**/${l}/**`, `../${l}/*`, `../../${l}/*`],
      message: `this layer may not import from src/${l}`,
    }));

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'data/**',
      'coverage/**',
      'src/db/migrations/**',
      'test-results/**',
      'src/web/dist/**',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      curly: ['error', 'all'],
      '@typescript-eslint/require-await': 'off',
      'no-console': ['error', { allow: ['warn'] }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            ...outside([]),
            {
              group: [
                'node:*',
                'fs',
                'path',
                'http',
                'pg',
                'drizzle-orm*',
                '@electric-sql/*',
                'fastify*',
                'pino',
                'nodemailer',
              ],
              message: 'the domain is pure: no I/O, no frameworks',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/app/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            ...outside(['app', 'db', 'http']),
            { group: ['**/http/**', '!**/http/schemas/**'], message: 'this layer may not import from src/http' },
            {
              // Presenters return `z.output<typeof schema>`: the response schema is their type.
              group: ['**/http/schemas/**'],
              allowTypeImports: true,
              message: 'import only types from the HTTP schemas (import type …): presenters return their output',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/db/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: outside(['db']) }] },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/app/**', '**/db/**', '**/jobs/**', '**/cli/**', '**/domain/**'],
              message: 'the web app talks to the server only over HTTP',
            },
            { group: ['**/http/**', '!**/http/schemas/**'], message: 'the web app may import only the HTTP schemas' },
            {
              group: ['**/http/schemas/**'],
              allowTypeImports: true,
              message: 'import only types from the HTTP schemas (import type …)',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'src/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Tests read JSON answers whose shape the assertions themselves check.
      '@typescript-eslint/no-explicit-any': 'off',
      'no-console': 'off',
    },
  },
  {
    files: ['src/cli/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
