'use strict';
// Test-only: calls Verbatim's language-model tools through `vscode.lm.invokeTool`, as an agent's
// chat participant would (no model is needed to invoke a tool), and writes the tools VS Code lists
// and each tool's answer to `lm-results.json` in the workspace, for tests/e2e/languageModelTools.
const vscode = require('vscode');
const fs = require('fs');
const path = require('path');

const NAMES = ['verbatim_checkQuotes', 'verbatim_findPassage'];

async function invokeTools() {
  const folder = vscode.workspace.workspaceFolders[0].uri.fsPath;
  const write = (results) => fs.writeFileSync(path.join(folder, 'lm-results.json'), JSON.stringify(results, null, 2));
  const results = { tools: [], calls: {} };
  try {
    // The tools are offered once Verbatim's server answers (their `when` clause).
    for (let i = 0; i < 600 && NAMES.some((name) => !vscode.lm.tools.some((t) => t.name === name)); i++) await new Promise((r) => setTimeout(r, 100));
    results.tools = vscode.lm.tools.filter((t) => t.name.startsWith('verbatim_')).map((t) => ({ name: t.name, description: t.description, tags: t.tags, inputSchema: t.inputSchema }));
    const textOf = (result) => result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
    const call = async (name, input) => {
      try {
        results.calls[`${name} ${JSON.stringify(input)}`] = { text: textOf(await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined })) };
      } catch (error) {
        results.calls[`${name} ${JSON.stringify(input)}`] = { error: String(error && error.message ? error.message : error) };
      }
    };
    await call('verbatim_findPassage', { words: 'Russia deployed 2000 peacekeeping troops' });
    await call('verbatim_checkQuotes', { path: 'draft.md' });
    await call('verbatim_checkQuotes', { path: '../outside.md' });
  } catch (error) {
    results.failure = String(error && error.stack ? error.stack : error);
  }
  write(results);
}

exports.activate = (context) => {
  context.subscriptions.push(vscode.commands.registerCommand('verbatimTests.invokeTools', invokeTools));
};
exports.deactivate = () => undefined;
