import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const APPEAL = '001_7824a7d0d4dc771b';

function draftUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return vscode.Uri.joinPath(folder.uri, 'draft.md');
}

/** Resolves with the draft's Verbatim diagnostics once `ready` accepts them (waits on the event). */
function diagnosticsWhen(uri: vscode.Uri, ready: (d: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  const current = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'verbatim');
  return new Promise((resolve) => {
    if (ready(current())) return resolve(current());
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((u) => u.toString() === uri.toString())) return;
      if (ready(current())) {
        listener.dispose();
        resolve(current());
      }
    });
  });
}

suite('Verbatim in VS Code', () => {
  let document: vscode.TextDocument;

  suiteSetup(async () => {
    document = await vscode.workspace.openTextDocument(draftUri());
    await vscode.window.showTextDocument(document);
  });

  test('the misquote is flagged in the Problems of the draft', async () => {
    const diagnostics = await diagnosticsWhen(document.uri, (d) => d.length > 0);
    assert.deepEqual(diagnostics.map((d) => d.code), ['misquote']);
    assert.match(diagnostics[0]!.message, /source says "2,000", not "3,000"/);
  });

  test('"[@" completes both seed articles with their titles', async () => {
    const editor = vscode.window.activeTextEditor!;
    const end = document.lineAt(document.lineCount - 1).range.end;
    await editor.edit((edit) => edit.insert(end, '\nSee [@'));
    const position = document.lineAt(document.lineCount - 1).range.end;
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position, '@');
    const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    assert.ok(labels.includes(APPEAL), labels.join(', '));
    assert.equal(list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === APPEAL)?.detail, 'Karabakh Armenians Appeal to Russia');
    await vscode.commands.executeCommand('undo');
  });

  test('hovering a key shows the source card', async () => {
    const offset = document.getText().indexOf(APPEAL) + 3;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, document.positionAt(offset));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Karabakh Armenians Appeal to Russia/);
  });

  test('the quick fix restores the source words and the warning goes', async () => {
    const [diagnostic] = await diagnosticsWhen(document.uri, (d) => d.length > 0);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic!.range);
    const fix = actions.find((a) => a.title.startsWith('Use the words of'));
    assert.ok(fix?.edit, actions.map((a) => a.title).join(', '));
    await vscode.workspace.applyEdit(fix.edit);
    assert.match(document.getText(), /Russia deployed 2,000 peacekeeping troops/);
    await diagnosticsWhen(document.uri, (d) => d.length === 0);
  });

  test('the commands are registered', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['verbatim.insertCitation', 'verbatim.reindex', 'verbatim.showSource', 'verbatim.playRecording']) assert.ok(commands.includes(id), id);
  });
});
