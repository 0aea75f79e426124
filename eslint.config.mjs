// ESLint for the whole repository: typescript-eslint's type-aware recommended rules, plus the
// few house rules a reviewer would otherwise repeat. Formatting is Prettier's job
// (eslint-config-prettier turns off the rules that would fight it).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.test-artifacts/**', 'bench/.work/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // node:test's describe/it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
    },
  },
  {
    // Fakes and stubs implement the engine's and VS Code's Promise-returning calls: `async`
    // keeps a throw in them a rejection, as the real calls behave, with nothing to await.
    files: ['test/**', 'bench/**'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    // The core runs without VS Code (the CLI and the unit tests load it), and so do the
    // decisions the editor-facing code shows (unit-tested as they are): no `vscode` there.
    files: [
      'src/engine/**',
      'src/templates/**',
      'src/compose/**',
      'src/workflows/**',
      'src/util/**',
      'src/cli.ts',
      'src/commands/commandIds.ts',
      'src/commands/walkthrough/walkthroughId.ts',
      'src/commands/shared/guard.ts',
      'src/commands/shared/targets.ts',
      'src/commands/containers/containerOperations.ts',
      'src/commands/containers/removalQuestion.ts',
      'src/commands/containers/downloadWording.ts',
      'src/commands/containers/uploadWording.ts',
      'src/files/filesSource.ts',
      'src/files/volumeFilesRegistry.ts',
      'src/files/containerFileUri.ts',
      'src/stats/statsProtocol.ts',
      'src/stats/statsFeed.ts',
      'src/files/containerFilesRegistry.ts',
      'src/commands/images/imageOperations.ts',
      'src/commands/interactive/programChoices.ts',
      'src/commands/registries/registryTargets.ts',
      'src/registries/registryAccess.ts',
      'src/registries/transferWords.ts',
      'src/views/registryPresentation.ts',
      'src/ui/failure.ts',
      'src/ui/lateNotice.ts',
      'src/ui/webviewHtml.ts',
      'src/pickers/runFormRows.ts',
      'src/pickers/contextPickItems.ts',
      'src/pickers/buildFormRows.ts',
      'src/tasks/buildTaskDefinition.ts',
      'src/tasks/runTaskDefinition.ts',
      'src/tasks/runTaskExecution.ts',
      'src/views/containerPresentation.ts',
      'src/views/composePresentation.ts',
      'src/views/imagePresentation.ts',
      'src/views/volumePresentation.ts',
      'src/views/networkPresentation.ts',
      'src/views/format.ts',
      'src/views/listModel.ts',
      'src/views/refreshManager.ts',
      'src/views/sidebarModels.ts',
      'src/terminals/logFollower.ts',
      'src/terminals/terminalText.ts',
      'src/terminals/ttySession.ts',
      'src/status/describeEngineStatus.ts',
      'src/preview/protocol.ts',
      'src/preview/parseWebviewMessage.ts',
      'src/preview/mp4Info.ts',
      'src/preview/defaultApp.ts',
      'src/preview/conversionInPanel.ts',
      'webview/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'This module runs without VS Code: the CLI, the unit tests or the webview load it.' }] },
      ],
    },
  },
  prettier,
);
