// Bundles the CLI, the language server and the VS Code client with esbuild; exits non-zero on failure.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
// --production: minified bundles without source maps, as shipped in the .vsix.
const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  sourcesContent: false,
  logLevel: 'warning',
  // mdast's packages are ESM that reads `import.meta` nowhere we use; keep bundles self-contained.
  mainFields: ['module', 'main'],
};
// Heavy parsers are bundles of their own, required from beside the server's bundle on the first
// HTML page, PDF or BibTeX full parse only: starting Verbatim never parses their megabytes
// (server/src/readers/).
const HEAVY = ['./htmlParsers', './pdfParser', './bibtexParser'];
const builds = [
  // pg loads its optional native binding (pg-native) only when asked to; Verbatim never asks.
  // `verbatim mcp` (the MCP SDK and zod, 1.3 MB) is a bundle of its own, required by the CLI for that command only.
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', external: ['pg-native', './mcpServer', ...HEAVY] },
  { entryPoints: ['server/src/cli/mcpServer.ts'], outfile: 'dist/mcpServer.js', external: ['pg-native', ...HEAVY] },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js', external: ['pg-native', ...HEAVY] },
  { entryPoints: ['server/src/readers/htmlParsers.ts'], outfile: 'dist/htmlParsers.js' },
  // pdfParser.js is also the script of the PDF helper threads (server/src/readers/pdfHelpers.ts).
  { entryPoints: ['server/src/readers/pdfParser.ts'], outfile: 'dist/pdfParser.js' },
  { entryPoints: ['server/src/readers/bibliography/bibtexParser.ts'], outfile: 'dist/bibtexParser.js' },
  // The indexing worker thread that the server (dist/server.js, or `verbatim lsp` in dist/cli.js) starts.
  { entryPoints: ['server/src/workers/indexWorker.ts'], outfile: 'dist/indexWorker.js', external: ['pg-native', ...HEAVY] },
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // The integration suite runs inside VS Code's extension host, which loads plain JavaScript.
  { entryPoints: ['tests/integration/suite/index.ts'], outfile: 'out/integration/suite.js', external: ['vscode', 'mocha'] },
].filter((b) => existsSync(b.entryPoints[0]));

try {
  if (watch) {
    for (const b of builds) await (await esbuild.context({ ...common, ...b })).watch();
  } else {
    await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
  }
} catch (error) {
  console.error(`build failed: ${error.message}`);
  process.exit(1);
}
