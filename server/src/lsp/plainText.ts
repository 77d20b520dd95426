import MarkdownIt from 'markdown-it';

type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

// The default preset: Verbatim's cards use strikethrough (`~~removed words~~`), which CommonMark lacks.
const parser = new MarkdownIt('default', { html: false, linkify: false });

/**
 * The text a reader sees of Markdown, for clients that show hovers and documentation as plain text:
 * emphasis, code and strikethrough marks and backslash escapes dropped, paragraphs separated by a
 * blank line, list items as `- item`, block quotes as `> line`, links as `text <url>`.
 */
export function markdownToPlainText(markdown: string): string {
  let out = '';
  // Prefixes of the open containers (block quotes, list items), outermost first.
  const prefixes: string[] = [];
  // A list item's marker goes on its first line only; the item's later lines are indented as deep.
  let marker = false;
  // The paragraphs of a tight list are hidden: its items follow each other without a blank line.
  let tight = false;
  // The first item of a list is set off from what comes before it.
  let listStart = false;
  for (const token of parser.parse(markdown, {})) {
    switch (token.type) {
      case 'bullet_list_open':
      case 'ordered_list_open':
        listStart = true;
        break;
      case 'blockquote_open':
        prefixes.push('> ');
        break;
      case 'list_item_open':
        prefixes.push(token.markup === '.' || token.markup === ')' ? `${token.info}${token.markup} ` : '- ');
        marker = true;
        break;
      case 'blockquote_close':
      case 'list_item_close':
        prefixes.pop();
        break;
      case 'paragraph_open':
        tight = token.hidden;
        break;
      case 'inline':
      case 'fence':
      case 'code_block':
      case 'hr': {
        const text = token.type === 'inline' ? inlineText(token.children ?? []) : token.type === 'hr' ? '—' : token.content.replace(/\n$/, '');
        const indent = prefixes.map((p) => (p === '> ' ? p : ' '.repeat(p.length))).join('');
        const lines = text.split('\n').map((line, i) => `${i === 0 && marker ? prefixes.join('') : indent}${line}`.trimEnd());
        if (out !== '') out += tight && marker && !listStart ? '\n' : '\n\n';
        out += lines.join('\n');
        marker = false;
        listStart = false;
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/** The text of an inline token's children: marks dropped, breaks kept, links followed by their address. */
function inlineText(children: readonly Token[]): string {
  let text = '';
  let link: { href: string; start: number } | undefined;
  for (const child of children) {
    switch (child.type) {
      case 'text':
      case 'code_inline':
      case 'html_inline':
        text += child.content;
        break;
      case 'softbreak':
      case 'hardbreak':
        text += '\n';
        break;
      case 'image':
        text += child.content;
        break;
      case 'link_open':
        link = { href: String(child.attrGet('href') ?? ''), start: text.length };
        break;
      case 'link_close':
        // An autolink's text is its address already.
        if (link && link.href !== '' && text.slice(link.start) !== link.href && `mailto:${text.slice(link.start)}` !== link.href) text += ` <${link.href}>`;
        link = undefined;
        break;
      default:
        break;
    }
  }
  return text;
}
