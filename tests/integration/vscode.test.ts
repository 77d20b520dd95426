import * as path from 'node:path';
import { test } from 'node:test';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { REPO } from '../helpers';

/**
 * Runs the mocha suite (tests/integration/suite) inside a real VS Code with the extension under
 * development. Where VS Code cannot be had (no internet, no VSCODE_EXECUTABLE), the test is reported
 * as skipped — never as passed.
 */
test('the extension in a real VS Code (@vscode/test-electron)', async (t) => {
  let executable = process.env['VSCODE_EXECUTABLE'];
  if (!executable) {
    try {
      executable = await downloadAndUnzipVSCode({ version: '1.100.3', timeout: 30_000 });
    } catch (error) {
      t.skip(`SKIPPED: VS Code could not be downloaded here (${(error as Error).message.split('\n')[0]}); set VSCODE_EXECUTABLE to run this suite`);
      return;
    }
  }
  await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: REPO,
    extensionTestsPath: path.join(REPO, 'out', 'integration', 'suite.js'),
    launchArgs: [path.join(REPO, 'tests', 'integration', 'workspace'), '--disable-extensions', '--skip-welcome'],
  });
});
