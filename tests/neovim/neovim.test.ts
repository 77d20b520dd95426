import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isolatedEnvironment, NVIM, requireFile, VERBATIM_BIN } from '../e2e/e2eTools';
import { exited, OutputLog, spawnGroup, stopGroup } from '../e2e/processGroup';
import { APPEAL, RALLY, SEEDS, temporaryFolder } from '../helpers';

// A second real client: Neovim's built-in LSP client, headless, runs tests/neovim/verbatim_lsp.lua
// against the built server (`node bin/verbatim.js lsp --stdio`) and reports what it got as JSON.

interface NeovimDiagnostic {
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
  severity: number;
  code?: string;
  source?: string;
  message: string;
}

interface NeovimReport {
  nvim: string;
  steps: string[];
  error?: string;
  diagnostics?: NeovimDiagnostic[];
  completion?: { label: string; detail?: string }[];
}

const DRIVER = path.join(__dirname, 'verbatim_lsp.lua');
const MISQUOTE_LINE = `He said "Russia deployed 3,000 peacekeeping troops in Karabakh" [@${APPEAL}].`;
const RUN_TIMEOUT_MS = 60_000;

describe('Verbatim in Neovim (built-in LSP client)', () => {
  let root = '';
  let report: NeovimReport;
  let output = '';

  before(
    async () => {
      requireFile(NVIM, `no Neovim at ${NVIM}`);
      requireFile(VERBATIM_BIN, `no verbatim launcher at ${VERBATIM_BIN}`, 'run `npm run build` first, or set VERBATIM_BIN');
      root = temporaryFolder('verbatim-nvim-');
      const workspace = path.join(root, 'workspace');
      fs.mkdirSync(path.join(workspace, 'sources'), { recursive: true });
      for (const name of fs.readdirSync(SEEDS)) fs.copyFileSync(path.join(SEEDS, name), path.join(workspace, 'sources', name));
      const draft = path.join(workspace, 'draft.md');
      fs.writeFileSync(draft, `# Peacekeepers\n\n${MISQUOTE_LINE}\n`);
      const outFile = path.join(root, 'report.json');

      const nvim = spawnGroup(NVIM, ['--headless', '--clean', '-n', '-c', `luafile ${DRIVER}`], {
        cwd: workspace,
        // Neovim's logs (lsp.log) and the server's index file stay in the temporary folder.
        env: isolatedEnvironment(path.join(root, 'xdg'), {
          VERBATIM_SERVER_CMD: JSON.stringify([process.execPath, VERBATIM_BIN, 'lsp', '--stdio']),
          VERBATIM_WORKSPACE: workspace,
          VERBATIM_DRAFT: draft,
          VERBATIM_OUT: outFile,
          VERBATIM_TIMEOUT_MS: '20000',
        }),
      });
      const log = new OutputLog(nvim);
      const timer = setTimeout(() => void stopGroup(nvim), RUN_TIMEOUT_MS);
      const code = await exited(nvim);
      clearTimeout(timer);
      await stopGroup(nvim); // the language server, should it outlive Neovim
      output = log.toString();
      assert.ok(fs.existsSync(outFile), `Neovim wrote no report (exit ${code}); its output:\n${output}`);
      report = JSON.parse(fs.readFileSync(outFile, 'utf8')) as NeovimReport;
      assert.equal(report.error, undefined, `the Neovim driver failed after [${report.steps.join(', ')}]:\n${report.error}\n${output}`);
      assert.equal(code, 0, `Neovim exited with ${code}:\n${output}`);
    },
    { timeout: RUN_TIMEOUT_MS + 10_000 },
  );

  after(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('the misquote is a diagnostic with code misquote and source verbatim, on the quote', () => {
    const diagnostics = report.diagnostics ?? [];
    assert.equal(diagnostics.length, 1, `one diagnostic (Neovim ${report.nvim}): ${JSON.stringify(diagnostics)}`);
    const [misquote] = diagnostics;
    assert.ok(misquote);
    assert.equal(misquote.code, 'misquote');
    assert.equal(misquote.source, 'verbatim');
    assert.equal(misquote.severity, 2, 'a warning (vim.diagnostic.severity.WARN)');
    assert.match(misquote.message, /source says "2,000", not "3,000"/);
    // On line 3 (0-based 2), over the quotation marks and the quoted words.
    assert.deepEqual([misquote.lnum, misquote.end_lnum], [2, 2]);
    assert.equal(MISQUOTE_LINE.slice(misquote.col, misquote.end_col), '"Russia deployed 3,000 peacekeeping troops in Karabakh"');
  });

  test('completion after [@ offers both seed articles, with their titles', () => {
    const completion = report.completion ?? [];
    assert.deepEqual(completion.map((item) => item.label).sort(), [RALLY, APPEAL].sort());
    assert.equal(completion.find((item) => item.label === APPEAL)?.detail, 'Karabakh Armenians Appeal to Russia');
    assert.match(completion.find((item) => item.label === RALLY)?.detail ?? '', /^The people of Artsakh rejected/);
  });
});
