import { DRAFT_FILE_PATTERN, DRAFT_LANGUAGE_IDS } from '../../protocol/src/draftLanguages';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { QuotesRequest, type QuoteItem, type QuoteList, type ReuseItem, type VerdictGroup } from '../../protocol/src/messages';

/** A row of the Quotes view: a verdict with its quotes, or one quote. */
type Node = { readonly kind: 'group'; readonly group: VerdictGroup; readonly quotes: readonly QuoteItem[] } | { readonly kind: 'quote'; readonly quote: QuoteItem };

/** The view's id (package.json `contributes.views`). */
export const QUOTES_VIEW = 'verbatim.quotes';
const REVEAL_COMMAND = 'verbatim.revealQuote';
const OPEN_QUOTE_SOURCE_COMMAND = 'verbatim.openQuoteSource';
/** The group of unquoted reuse (SPEC section 5, `unquoted-reuse`), after the verdicts. */
const REUSE = 'unquoted-reuse';

// Icons by verdict: the view reads at a glance like the Problems panel.
const ICONS: Record<string, [string, string | undefined]> = {
  verified: ['pass', 'testing.iconPassed'],
  misquote: ['error', 'problemsErrorIcon.foreground'],
  'wrong-source': ['warning', 'problemsWarningIcon.foreground'],
  'wrong-page': ['warning', 'problemsWarningIcon.foreground'],
  'wrong-time': ['warning', 'problemsWarningIcon.foreground'],
  'wrong-speaker': ['warning', 'problemsWarningIcon.foreground'],
  'not-a-quotation': ['warning', 'problemsWarningIcon.foreground'],
  'not-found': ['question', 'problemsWarningIcon.foreground'],
  unattributed: ['info', 'problemsInfoIcon.foreground'],
  [REUSE]: ['info', 'problemsInfoIcon.foreground'],
};

/**
 * The Quotes view: every quotation of the active Markdown draft grouped by verdict (from the
 * server's `verbatim/quotes`), then the runs of its prose copied without quotation marks
 * ("Unquoted reuse"), and the draft's tally for the status bar. Selecting a quote reveals it;
 * its context action opens the source passage beside the draft.
 */
export class QuotesView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private list: QuoteList | undefined;
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [];
  private pending = 0;
  /** The draft shown: the active Markdown editor's, kept while a source opened beside it is active. */
  private draft: vscode.TextDocument | undefined;

  /** `onTally` receives the active draft's tally (`✓ 14 · ⚠ 2`), or undefined when there is none. */
  constructor(
    private readonly client: LanguageClient,
    private readonly onTally: (tally: string | undefined) => void,
  ) {
    this.view = vscode.window.createTreeView(QUOTES_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.changed,
      vscode.commands.registerCommand(REVEAL_COMMAND, (uri: string, quote: QuoteItem) => this.reveal(uri, quote)),
      vscode.commands.registerCommand(OPEN_QUOTE_SOURCE_COMMAND, (node?: Node) => this.openSource(node)),
      vscode.window.onDidChangeActiveTextEditor(() => void this.refresh()),
      // The server publishes diagnostics after each check: the verdicts may have changed with them.
      vscode.languages.onDidChangeDiagnostics((event) => {
        const shown = activeDraft() ?? this.draft;
        if (shown && event.uris.some((uri) => uri.toString() === shown.uri.toString())) void this.refresh();
      }),
    );
    void this.refresh();
  }

  /** Asks the server for the active draft's quotations again. */
  async refresh(): Promise<void> {
    const ticket = ++this.pending;
    const active = activeDraft();
    if (active) this.draft = active;
    else if (this.draft?.isClosed) this.draft = undefined;
    const document = this.draft;
    let list: QuoteList | undefined;
    if (document && this.client.isRunning()) {
      try {
        list = (await this.client.sendRequest(QuotesRequest, { uri: document.uri.toString() })) ?? undefined;
      } catch {
        list = undefined; // the server is restarting: the next check refreshes the view
      }
    }
    if (ticket !== this.pending) return; // a newer refresh is under way
    this.list = list;
    // With no draft, the welcome text of package.json (`viewsWelcome`) says what to do.
    this.view.message = list && list.quotes.length === 0 && (list.reuse ?? []).length === 0 ? 'No quotations in this draft.' : undefined;
    this.view.description = list?.tally ?? '';
    this.onTally(list?.tally);
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    const list = this.list;
    if (!list) return [];
    if (node === undefined) {
      const groups: Node[] = list.groups
        .filter((group) => group.count > 0)
        .map((group) => ({ kind: 'group', group, quotes: list.quotes.filter((q) => q.verdict === group.verdict) }));
      // An older server sends no reuse.
      const reuse = (list.reuse ?? []).map(reuseRow);
      if (reuse.length > 0) groups.push({ kind: 'group', group: { verdict: REUSE, title: 'Unquoted reuse', mark: '', count: reuse.length, problem: false }, quotes: reuse });
      return groups;
    }
    return node.kind === 'group' ? node.quotes.map((quote) => ({ kind: 'quote', quote })) : [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const { group } = node;
      // Problems open, verified and unchecked quotes folded: what needs attention comes first.
      const open = group.problem || group.verdict === 'unattributed' || group.verdict === REUSE;
      const item = new vscode.TreeItem(`${group.title} (${group.count})`, open ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `group:${group.verdict}`;
      item.iconPath = icon(group.verdict);
      item.contextValue = 'verbatimVerdict';
      return item;
    }
    const { quote } = node;
    // Reused words are shown as the draft has them: without quotation marks.
    const label = quote.verdict === REUSE ? clip(quote.text, 60) : `“${clip(quote.text, 60)}”`;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = `quote:${quote.index}:${quote.verdict}`;
    item.description = [`line ${quote.range.start.line + 1}`, quote.citation ?? (quote.keys.length > 0 ? quote.keys.map((k) => `@${k}`).join('; ') : '')]
      .filter((part) => part !== '')
      .join(' · ');
    item.tooltip = tooltip(quote);
    item.iconPath = icon(quote.verdict);
    item.contextValue = quote.passage ? 'verbatimQuoteWithSource' : 'verbatimQuote';
    item.command = { title: 'Reveal Quote', command: REVEAL_COMMAND, arguments: [this.list?.uri, quote] };
    item.accessibilityInformation = { label: `${quote.explanation} ${quote.text}` };
    return item;
  }

  private async reveal(uri: string, quote: QuoteItem): Promise<void> {
    const range = this.client.protocol2CodeConverter.asRange(quote.range);
    await vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection: range, preserveFocus: false, preview: false });
  }

  private async openSource(node: Node | undefined): Promise<void> {
    const quote = node?.kind === 'quote' ? node.quote : this.view.selection.find((n): n is Extract<Node, { kind: 'quote' }> => n.kind === 'quote')?.quote;
    const passage = quote?.passage;
    if (!passage) {
      void vscode.window.showInformationMessage('This quotation has no source passage.');
      return;
    }
    const range = this.client.protocol2CodeConverter.asRange(passage.range);
    await vscode.window.showTextDocument(vscode.Uri.parse(passage.uri), { viewColumn: vscode.ViewColumn.Beside, selection: range, preview: true });
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** A run of unquoted reuse as a row of the view (a quote's row: it reveals the run and opens its passage). */
function reuseRow(run: ReuseItem, i: number): QuoteItem {
  return {
    index: -(i + 1),
    range: run.range,
    text: run.text,
    verdict: REUSE,
    explanation: run.explanation,
    keys: [run.key],
    ...(run.passage ? { passage: { key: run.passage.key, title: '', uri: run.passage.uri, range: run.passage.range, text: run.passage.text } } : {}),
  };
}

function activeDraft(): vscode.TextDocument | undefined {
  const document = vscode.window.activeTextEditor?.document;
  return document !== undefined && (DRAFT_LANGUAGE_IDS.includes(document.languageId) || vscode.languages.match({ scheme: 'file', pattern: DRAFT_FILE_PATTERN }, document) > 0) ? document : undefined;
}

function icon(verdict: string): vscode.ThemeIcon {
  const [id, color] = ICONS[verdict] ?? ['circle-outline', 'disabledForeground'];
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

function tooltip(quote: QuoteItem): vscode.MarkdownString {
  const text = new vscode.MarkdownString();
  text.appendMarkdown(`**${escape(quote.explanation)}**\n\n> ${escape(quote.text)}`);
  if (quote.passage) {
    // A transcript's passage says when it is spoken and by whom, so the writer can listen to it.
    const time = quote.passage.time ? `, ${quote.passage.time}${quote.passage.speaker ? ` · ${escape(quote.passage.speaker)}` : ''}` : '';
    const page = quote.passage.page ? `, ${quote.passage.page}` : time;
    text.appendMarkdown(`\n\nSource @${escape(quote.passage.key)}${page}${quote.passage.title ? ` · *${escape(quote.passage.title)}*` : ''}:\n\n> ${escape(quote.passage.text)}`);
  }
  return text;
}

function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|]/g, (c) => `\\${c}`).replace(/\s+/g, ' ');
}
