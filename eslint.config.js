import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Only the Electron shell may import `electron`: the engine, checks, email and
// store run in plain Node (the CLI, cron, containers, tests).
const electronImportsAllowed = ['main/app/**', 'main/main.ts', 'main/preload.cts', 'test/app/**'];
const noElectron = { name: 'electron', message: 'Only main/app/, main/main.ts and main/preload.cts may import electron: the engine runs in plain Node.' };
// `import { z }` reaches zod through an object the bundler cannot trim: every locale (500 KB) is
// parsed at every start. The namespace import gives the same `z.string()` and keeps only what is used.
const namedZod = {
  selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
  message: "Write `import * as z from 'zod'`: the named `z` keeps all of zod, its 60-odd locales too, in the start-up bundle.",
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', '.demo-data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', namedZod],
      'no-restricted-imports': [
        'error',
        { paths: [noElectron] },
      ],
    },
  },
  {
    // A kind folder imports from net/, checks/lib/, engine types and shared/, never from another kind's folder.
    files: ['main/checks/*/**/*.ts'],
    ignores: ['main/checks/lib/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            {
              regex: '^\\.\\./(?!lib/)[^./][^/]*/',
              message: "A kind must not import another kind's folder: move what two kinds share to main/checks/lib/ or main/net/.",
            },
          ],
        },
      ],
    },
  },
  { files: electronImportsAllowed, rules: { 'no-restricted-imports': 'off' } },
  { files: ['renderer/**'], languageOptions: { globals: { ...globals.browser } } },
  // shared/ runs in the window too (the renderer imports it as ES modules): nothing Node-only.
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'shared/ runs in Node and in the window: it cannot import electron.' },
            { name: 'luxon', message: 'shared/ runs in the window too: use Intl with an explicit timeZone (see shared/words.ts).' },
          ],
          patterns: [{ group: ['node:*'], message: 'shared/ runs in the window too: no Node built-ins.' }],
        },
      ],
    },
  },
);
