import {
  MarkupKind,
  type ClientCapabilities,
  type CodeAction,
  type Command,
  type CompletionItem,
  type Diagnostic,
  type Hover,
  type MarkupContent,
  type Range,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { APPLY_EDIT_COMMAND } from '../../../protocol/src/commands';
import { markdownToPlainText } from './plainText';

/**
 * What the client declared in `initialize` that the server relies on (SPEC section 6, "Any client"):
 * the server asks only for what is declared here, and falls back to what the client can show. A
 * client that declares nothing gets every feature in its plainest form.
 */
export interface ClientSupport {
  /** `workspace.workspaceFolders`: the client sends folder changes (else the folders are fixed at `initialize`). */
  readonly workspaceFolders: boolean;
  /** `workspace.configuration`: settings can be pulled (per folder); else they come pushed. */
  readonly configuration: boolean;
  /** `workspace.didChangeConfiguration.dynamicRegistration`. */
  readonly configurationRegistration: boolean;
  /** `workspace.didChangeWatchedFiles.dynamicRegistration`. */
  readonly watchedFilesRegistration: boolean;
  /** `workspace.applyEdit`: the server may ask the client to edit a document. */
  readonly applyEdit: boolean;
  /** `textDocument.inlayHint`: the client asks for inlay hints. */
  readonly inlayHints: boolean;
  /** `workspace.inlayHint.refreshSupport`. */
  readonly inlayHintRefresh: boolean;
  /** `workspace.codeLens.refreshSupport`. */
  readonly codeLensRefresh: boolean;
  /** `window.showDocument.support`: the server may open a document (or a file externally). */
  readonly showDocument: boolean;
  /** `textDocument.codeAction.codeActionLiteralSupport`: code actions may be `CodeAction`s, not only `Command`s. */
  readonly codeActionLiterals: boolean;
  /** The client's preferred hover format: Markdown only when it declared Markdown before plain text. */
  readonly hoverFormat: MarkupKind;
  /** Likewise for completion items' documentation. */
  readonly documentationFormat: MarkupKind;
  /** `textDocument.publishDiagnostics.relatedInformation`. */
  readonly relatedInformation: boolean;
  /** `textDocument.publishDiagnostics.tagSupport.valueSet`. */
  readonly diagnosticTags: ReadonlySet<number>;
  /** `textDocument.publishDiagnostics.codeDescriptionSupport`. */
  readonly codeDescription: boolean;
}

/** Reads the client's capabilities; whatever is missing counts as unsupported. */
export function readClientSupport(capabilities: ClientCapabilities | undefined): ClientSupport {
  const workspace = capabilities?.workspace;
  const text = capabilities?.textDocument;
  const diagnostics = text?.publishDiagnostics;
  return {
    workspaceFolders: workspace?.workspaceFolders === true,
    configuration: workspace?.configuration === true,
    configurationRegistration: workspace?.didChangeConfiguration?.dynamicRegistration === true,
    watchedFilesRegistration: workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    applyEdit: workspace?.applyEdit === true,
    inlayHints: text?.inlayHint !== undefined,
    inlayHintRefresh: workspace?.inlayHint?.refreshSupport === true,
    codeLensRefresh: workspace?.codeLens?.refreshSupport === true,
    showDocument: capabilities?.window?.showDocument?.support === true,
    codeActionLiterals: text?.codeAction?.codeActionLiteralSupport !== undefined,
    hoverFormat: preferredFormat(text?.hover?.contentFormat),
    documentationFormat: preferredFormat(text?.completion?.completionItem?.documentationFormat),
    relatedInformation: diagnostics?.relatedInformation === true,
    diagnosticTags: new Set(diagnostics?.tagSupport?.valueSet ?? []),
    codeDescription: diagnostics?.codeDescriptionSupport === true,
  };
}

/** The support of a client that declares nothing (before `initialize`, and in tests). */
export const NO_SUPPORT: ClientSupport = readClientSupport(undefined);

/** Markdown when the client lists it before plain text; plain text otherwise (LSP's order is the client's preference). */
function preferredFormat(formats: readonly MarkupKind[] | undefined): MarkupKind {
  const first = formats?.find((format) => format === MarkupKind.Markdown || format === MarkupKind.PlainText);
  return first === MarkupKind.Markdown ? MarkupKind.Markdown : MarkupKind.PlainText;
}

/** Markup in the format the client shows: the service writes Markdown, rendered to plain text where needed. */
export function markupFor(content: MarkupContent, format: MarkupKind): MarkupContent {
  if (content.kind === format || format === MarkupKind.Markdown) return content;
  return { kind: MarkupKind.PlainText, value: markdownToPlainText(content.value) };
}

/** A hover in the client's preferred format. */
export function hoverFor(hover: Hover, support: ClientSupport): Hover {
  const contents = hover.contents;
  if (typeof contents !== 'object' || !('kind' in contents)) return hover;
  return { ...hover, contents: markupFor(contents, support.hoverFormat) };
}

/** A completion item whose documentation is in the client's format. */
export function completionItemFor(item: CompletionItem, support: ClientSupport): CompletionItem {
  const documentation = item.documentation;
  if (typeof documentation !== 'object') return item;
  return { ...item, documentation: markupFor(documentation, support.documentationFormat) };
}

/**
 * Code actions a client can take: literals where it declared them, else each as a `Command`
 * (an edit goes through `APPLY_EDIT_COMMAND`, which the server carries out with `workspace/applyEdit`).
 */
export function codeActionsFor(actions: readonly CodeAction[], support: ClientSupport): Array<CodeAction | Command> {
  if (support.codeActionLiterals) return [...actions];
  return actions.flatMap((action): Command[] => {
    if (action.edit !== undefined) return [{ title: action.title, command: APPLY_EDIT_COMMAND, arguments: [action.edit] }];
    return action.command ? [{ ...action.command, title: action.title }] : [];
  });
}

/** Diagnostics with only the optional fields the client declared. */
export function diagnosticsFor(diagnostics: readonly Diagnostic[], support: ClientSupport): Diagnostic[] {
  return diagnostics.map((diagnostic) => {
    const { relatedInformation, tags, codeDescription, ...plain } = diagnostic;
    const kept = tags?.filter((tag) => support.diagnosticTags.has(tag)) ?? [];
    return {
      ...plain,
      ...(support.relatedInformation && relatedInformation ? { relatedInformation } : {}),
      ...(kept.length > 0 ? { tags: kept } : {}),
      ...(support.codeDescription && codeDescription ? { codeDescription } : {}),
    };
  });
}

/** The edit an `APPLY_EDIT_COMMAND` carries, or undefined when its arguments are not one. */
export function editOfCommand(args: readonly unknown[] | undefined): WorkspaceEdit | undefined {
  const edit = args?.[0];
  return typeof edit === 'object' && edit !== null && ('changes' in edit || 'documentChanges' in edit) ? (edit as WorkspaceEdit) : undefined;
}

/**
 * The diagnostics a code action request sent back, each with the `data` (its fixes) of the
 * diagnostic the server computed with the same code and range, where the client dropped it.
 */
export function withFixData(sent: readonly Diagnostic[], computed: () => readonly Diagnostic[]): Diagnostic[] {
  if (sent.every((diagnostic) => diagnostic.source !== 'verbatim' || diagnostic.data !== undefined)) return [...sent];
  const mine = computed();
  return sent.map((diagnostic) => {
    if (diagnostic.source !== 'verbatim' || diagnostic.data !== undefined) return diagnostic;
    const same = mine.find((d) => d.code === diagnostic.code && sameRange(d.range, diagnostic.range));
    return same?.data === undefined ? diagnostic : { ...diagnostic, data: same.data };
  });
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
