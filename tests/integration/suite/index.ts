import Mocha from 'mocha';

/** Entry VS Code calls inside the extension host: runs the bundled suite with mocha. */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false });
  mocha.suite.emit('pre-require', globalThis, 'extension.test', mocha);
  // Loaded after `pre-require`, so `suite`/`test` are defined when it runs.
  require('./extension.test');
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration tests failed`)) : resolve()));
  });
}
