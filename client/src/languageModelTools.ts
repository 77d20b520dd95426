import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DRAFT_FILE_PATTERN, DRAFT_LANGUAGE_IDS } from '../../protocol/src/draftLanguages';
import { CheckQuotesRequest, FindPassagesRequest } from '../../protocol/src/messages';

/** The tools' names, as `package.json` contributes them (`languageModelTools`). */
export const CHECK_QUOTES_TOOL = 'verbatim_checkQuotes';
export const FIND_PASSAGE_TOOL = 'verbatim_findPassage';

/** The context key the tools' `when` clauses read: set once the language server answers. */
export const TOOLS_CONTEXT_KEY = 'verbatim.toolsReady';

interface CheckQuotesInput {
  readonly path?: string;
  readonly text?: string;
}

interface FindPassageInput {
  readonly words: string;
  readonly key?: string;
  readonly limit?: number;
}

/**
 * Registers the language-model tools (SPEC section 8a): an assistant in agent mode checks its
 * quotations against the workspace's library, and finds a source's exact words before quoting.
 * Both ask the running language server; the host shows a confirmation before each call.
 */
export function registerLanguageModelTools(client: LanguageClient): vscode.Disposable[] {
  // An editor without the tools API (or a web host without the chat service) simply has no tools.
  if (typeof vscode.lm?.registerTool !== 'function') return [];
  const check: vscode.LanguageModelTool<CheckQuotesInput> = {
    prepareInvocation(options) {
      const what = options.input.path ? `\`${options.input.path}\`` : options.input.text !== undefined ? 'the text the assistant wrote' : 'the active draft';
      return {
        invocationMessage: `Checking the quotations of ${what.replace(/`/g, '')} against the library`,
        confirmationMessages: {
          title: 'Check quotations with Verbatim?',
          message: new vscode.MarkdownString(`Verbatim will compare every quotation of ${what} with the cited sources of this workspace's library. It reads the draft and the library and changes nothing.`),
        },
      };
    },
    async invoke(options, token) {
      const { uri, text } = await draftToCheck(options.input);
      const answer = await client.sendRequest(CheckQuotesRequest, { uri, text }, token);
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(answer.text)]);
    },
  };
  const find: vscode.LanguageModelTool<FindPassageInput> = {
    prepareInvocation(options) {
      const words = options.input.words.length > 80 ? `${options.input.words.slice(0, 79)}…` : options.input.words;
      return {
        invocationMessage: `Looking for “${words}” in the library`,
        confirmationMessages: {
          title: 'Find a passage with Verbatim?',
          message: new vscode.MarkdownString().appendText(`Verbatim will search this workspace's library for “${words}”${options.input.key ? ` in @${options.input.key}` : ''}. It changes nothing.`),
        },
      };
    },
    async invoke(options, token) {
      const { words, key, limit } = options.input;
      if (typeof words !== 'string' || words.trim() === '') throw new Error('give the words to look for (`words`)');
      const answer = await client.sendRequest(FindPassagesRequest, { words, ...(key ? { key } : {}), ...(limit ? { limit } : {}) }, token);
      if (answer.result.problem !== undefined) throw new Error(answer.result.problem);
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(answer.text)]);
    },
  };
  return [vscode.lm.registerTool(CHECK_QUOTES_TOOL, check), vscode.lm.registerTool(FIND_PASSAGE_TOOL, find)];
}

/** The draft a check is about: text as sent, a workspace file by path, or the active editor's document. */
async function draftToCheck(input: CheckQuotesInput): Promise<{ uri: string; text: string }> {
  if (input.text !== undefined && input.path !== undefined) throw new Error('give either `text` or `path`, not both');
  if (input.text !== undefined) {
    const active = vscode.window.activeTextEditor?.document;
    // Text checked as the active draft's (its bibliographies apply) when there is one, else on its own.
    const uri = active && isDraft(active) ? active.uri.toString() : vscode.Uri.from({ scheme: 'untitled', path: 'verbatim-check.md' }).toString();
    return { uri, text: input.text };
  }
  if (input.path !== undefined) {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const uri = path.isAbsolute(input.path) || !folder ? vscode.Uri.file(input.path) : vscode.Uri.joinPath(folder.uri, input.path);
    // The assistant may name only the workspace's drafts, reached without a link that leads out.
    const root = vscode.workspace.getWorkspaceFolder(uri);
    if (root === undefined || !inside(realPath(uri.fsPath), realPath(root.uri.fsPath))) throw new Error(`${input.path} is outside the workspace; name a draft inside it`);
    const document = await vscode.workspace.openTextDocument(uri);
    if (!isDraft(document)) throw new Error(`${input.path} is not a draft (Markdown, Quarto, R Markdown, LaTeX or Typst)`);
    return { uri: document.uri.toString(), text: document.getText() };
  }
  const active = vscode.window.activeTextEditor?.document;
  if (!active) throw new Error('no draft is open: give `path` (a draft of the workspace) or `text`');
  return { uri: active.uri.toString(), text: active.getText() };
}

/** Whether a document is a draft Verbatim checks: by its language, else by its file's extension. */
function isDraft(document: vscode.TextDocument): boolean {
  return DRAFT_LANGUAGE_IDS.includes(document.languageId) || vscode.languages.match({ pattern: DRAFT_FILE_PATTERN }, document) > 0;
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    // Missing: opening it reports that; compare the path as written meanwhile.
    return path.resolve(file);
  }
}

function inside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
