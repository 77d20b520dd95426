import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { EMACS, isolatedEnvironment, requireFile, VERBATIM_BIN } from '../e2e/e2eTools';
import { exited, OutputLog, spawnGroup, stopGroup } from '../e2e/processGroup';
import { APPEAL, SEEDS, temporaryFolder } from '../helpers';

// A third real client: Emacs's Eglot (Debian's emacs-nox and elpa-eglot), in batch mode, runs
// tests/emacs/verbatim_eglot.el against the built server (`node bin/verbatim.js lsp --stdio`) and
// reports what it got as JSON. Eglot declares plain-text hovers only (without markdown-mode), no
// window/showDocument, no dynamic registration of configuration changes.

interface EglotDiagnostic {
  beg: number;
  end: number;
  type: string;
  text: string;
  code?: string;
  source?: string;
}

interface EglotReport {
  steps: string[];
  error?: string;
  server?: string;
  diagnostics?: EglotDiagnostic[];
  hoverKind?: string;
  hover?: string;
  actions?: string[];
  text?: string;
}

const DRIVER = path.join(__dirname, 'verbatim_eglot.el');
const MISQUOTE_LINE = `He said "Russia deployed 3,000 peacekeeping troops in Karabakh" [@${APPEAL}].`;
const DRAFT = `# Peacekeepers\n\n${MISQUOTE_LINE}\n`;
const RUN_TIMEOUT_MS = 60_000;

describe('Verbatim in Emacs (Eglot)', () => {
  let root = '';
  let report: EglotReport;
  let output = '';

  before(
    async () => {
      requireFile(EMACS, `no Emacs at ${EMACS}`);
      requireFile(VERBATIM_BIN, `no verbatim launcher at ${VERBATIM_BIN}`, 'run `npm run build` first, or set VERBATIM_BIN');
      root = temporaryFolder('verbatim-eglot-');
      const workspace = path.join(root, 'workspace');
      fs.mkdirSync(path.join(workspace, 'sources'), { recursive: true });
      for (const name of fs.readdirSync(SEEDS)) fs.copyFileSync(path.join(SEEDS, name), path.join(workspace, 'sources', name));
      const draft = path.join(workspace, 'draft.md');
      fs.writeFileSync(draft, DRAFT);
      const outFile = path.join(root, 'report.json');

      const emacs = spawnGroup(EMACS, ['--batch', '-l', DRIVER], {
        cwd: workspace,
        // HOME too: Emacs keeps its own files (~/.emacs.d) there; the server's index file goes to XDG_CACHE_HOME.
        env: isolatedEnvironment(path.join(root, 'xdg'), {
          HOME: path.join(root, 'home'),
          VERBATIM_SERVER_CMD: JSON.stringify([process.execPath, VERBATIM_BIN, 'lsp', '--stdio']),
          VERBATIM_WORKSPACE: workspace,
          VERBATIM_DRAFT: draft,
          VERBATIM_OUT: outFile,
          VERBATIM_TIMEOUT_MS: '20000',
        }),
      });
      const log = new OutputLog(emacs);
      const timer = setTimeout(() => void stopGroup(emacs), RUN_TIMEOUT_MS);
      const code = await exited(emacs);
      clearTimeout(timer);
      await stopGroup(emacs); // the language server, should it outlive Emacs
      output = log.toString();
      assert.ok(fs.existsSync(outFile), `Emacs wrote no report (exit ${code}); its output:\n${output}`);
      report = JSON.parse(fs.readFileSync(outFile, 'utf8')) as EglotReport;
      assert.equal(report.error, undefined, `the Eglot driver failed after [${report.steps.join(', ')}]:\n${report.error}\n${output}`);
      assert.equal(code, 0, `Emacs exited with ${code}:\n${output}`);
    },
    { timeout: RUN_TIMEOUT_MS + 10_000 },
  );

  after(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('Eglot connects, and the server registers nothing Eglot cannot take', () => {
    assert.equal(report.server, 'verbatim', JSON.stringify(report));
    assert.doesNotMatch(output, /unsupported capability/i, output);
  });

  test('the misquote is a Flymake warning with code misquote and source verbatim, on the quote', () => {
    const diagnostics = report.diagnostics ?? [];
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
    const [misquote] = diagnostics;
    assert.ok(misquote);
    assert.equal(misquote.code, 'misquote');
    assert.equal(misquote.source, 'verbatim');
    assert.equal(misquote.type, 'eglot-warning');
    assert.match(misquote.text, /source says "2,000", not "3,000"/);
    assert.equal(DRAFT.slice(misquote.beg, misquote.end), '"Russia deployed 3,000 peacekeeping troops in Karabakh"');
  });

  test('the hover is plain text, as Eglot asked, and names the changed words', () => {
    assert.equal(report.hoverKind, 'plaintext', JSON.stringify(report));
    const hover = report.hover ?? '';
    assert.match(hover, /^Misquote of @001_7824a7d0d4dc771b$/m);
    assert.match(hover, /Karabakh Armenians Appeal to Russia/);
    assert.match(hover, /source says 2,000, quote has 3,000/);
    assert.doesNotMatch(hover, /\*\*|~~|`/, 'no Markdown marks in plain text');
  });

  test('the preferred code action fixes the quote in the buffer', () => {
    assert.ok(report.actions?.includes(`Use the words of @${APPEAL}`), JSON.stringify(report.actions));
    assert.equal(report.text, DRAFT.replace('3,000', '2,000'));
  });
});
