import { fromMarkdown } from 'mdast-util-from-markdown';
import { readFrontMatter } from './frontMatter';

/**
 * A paragraph-like block of a draft (paragraph, heading, footnote, or a paragraph of a block quote), with the
 * parts that can hold neither citations nor quotes (code spans, inline HTML, link destinations,
 * image destinations, autolinks) masked out by spaces, so offsets stay those of the document.
 */
export interface TextBlock {
  readonly start: number;
  readonly end: number;
  /** `text.slice(start, end)` with masked parts replaced by spaces (line breaks kept). */
  readonly masked: string;
  /** Index into `MarkdownStructure.blockQuotes` when the block is inside a block quote. */
  readonly blockQuote: number | undefined;
}

/** A top-level block quote: its paragraphs and the block right after it (for attribution). */
export interface BlockQuote {
  readonly start: number;
  readonly end: number;
  /** Indexes into `MarkdownStructure.blocks`. */
  readonly paragraphs: readonly number[];
  /** Index into `blocks` of the paragraph right after the quote, if the next block is one. */
  readonly next: number | undefined;
}

/** What of a draft can hold citations and quotes. */
export interface MarkdownStructure {
  readonly blocks: readonly TextBlock[];
  readonly blockQuotes: readonly BlockQuote[];
}

interface Node {
  type: string;
  position?: { start: { offset?: number }; end: { offset?: number } };
  children?: Node[];
  url?: string;
  label?: string;
}

const MASKED_INLINE = new Set(['inlineCode', 'html']);
const IMAGES = new Set(['image', 'imageReference']);
const TEXT_BLOCKS = new Set(['paragraph', 'heading']);
const OPAQUE_BLOCKS = new Set(['code', 'html', 'yaml', 'toml', 'definition', 'thematicBreak']);

/** Finds the paragraph-like blocks of a Markdown draft; never throws on malformed input. */
export function scanMarkdown(text: string): MarkdownStructure {
  // Front matter is blanked, not cut, so every offset stays an offset of `text`.
  const frontMatter = readFrontMatter(text);
  const source = frontMatter.bodyStart > 0 ? blank(text, 0, frontMatter.bodyStart) + text.slice(frontMatter.bodyStart) : text;
  const tree = fromMarkdown(source) as Node;
  const blocks: TextBlock[] = [];
  const blockQuotes: BlockQuote[] = [];

  const visitBlocks = (nodes: readonly Node[], quoteIndex: number | undefined): void => {
    nodes.forEach((node) => {
      if (OPAQUE_BLOCKS.has(node.type) && !isFootnote(node)) return;
      if (TEXT_BLOCKS.has(node.type) || isFootnote(node)) {
        blocks.push(maskBlock(source, node, quoteIndex));
      } else if (node.type === 'blockquote' && quoteIndex === undefined) {
        const index = blockQuotes.length;
        const first = blocks.length;
        blockQuotes.push({ start: offsetOf(node, 'start'), end: offsetOf(node, 'end'), paragraphs: [], next: undefined });
        visitBlocks(node.children ?? [], index);
        const paragraphs = blocks.slice(first).map((_, i) => first + i);
        blockQuotes[index] = { ...blockQuotes[index]!, paragraphs };
      } else if (node.children) {
        visitBlocks(node.children, quoteIndex);
      }
    });
  };
  visitBlocks(tree.children ?? [], undefined);

  // The paragraph right after a block quote may carry its citation ("— @key").
  const resolved = blockQuotes.map((quote) => {
    const nextIndex = firstBlockFrom(blocks, quote.end);
    const next = nextIndex >= 0 && isNextBlock(source, quote.end, blocks[nextIndex]!.start) ? nextIndex : undefined;
    return { ...quote, next };
  });
  return { blocks, blockQuotes: resolved };
}

/** `[^1]: @key` is a link definition for CommonMark but a footnote, which is text, for Pandoc. */
function isFootnote(node: Node): boolean {
  return node.type === 'definition' && (node.label?.startsWith('^') ?? false);
}

/** Index of the first block outside block quotes starting at or after `offset` (blocks are in order), or -1. */
function firstBlockFrom(blocks: readonly TextBlock[], offset: number): number {
  let lo = 0;
  let hi = blocks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid]!.start < offset) lo = mid + 1;
    else hi = mid;
  }
  while (lo < blocks.length && blocks[lo]!.blockQuote !== undefined) lo++;
  return lo < blocks.length ? lo : -1;
}

function isNextBlock(text: string, after: number, start: number): boolean {
  // Only blank lines (at most one paragraph break) may separate the quote and the next block.
  return /^\s*$/.test(text.slice(after, start)) && (text.slice(after, start).match(/\n/g)?.length ?? 0) <= 2;
}

function maskBlock(text: string, node: Node, quoteIndex: number | undefined): TextBlock {
  const start = offsetOf(node, 'start');
  const end = offsetOf(node, 'end');
  const chars = text.slice(start, end).split('');
  const mask = (from: number, to: number): void => {
    for (let i = Math.max(from, start); i < Math.min(to, end); i++) {
      if (chars[i - start] !== '\n' && chars[i - start] !== '\r') chars[i - start] = ' ';
    }
  };
  // `shift` maps offsets of a re-parsed image (see below) back to offsets of `text`.
  const visitInline = (nodes: readonly Node[], shift: number): void => {
    for (const child of nodes) {
      const from = offsetOf(child, 'start') + shift;
      const to = offsetOf(child, 'end') + shift;
      if (MASKED_INLINE.has(child.type)) {
        mask(from, to);
      } else if (IMAGES.has(child.type)) {
        // Pandoc reads an image's alt text as text (figure captions cite sources), but the parser
        // keeps only a plain string: re-parse `[alt](url)` as a link to mask its parts like a link's.
        mask(from, from + 1);
        visitInline((fromMarkdown(text.slice(from + 1, to)) as Node).children ?? [], from + 1);
      } else if (child.type === 'link') {
        const isAutolink = text[from] === '<' || (child.children?.length ?? 0) === 0;
        const inner = child.children ?? [];
        if (isAutolink || inner.length === 0) {
          mask(from, to);
        } else {
          // Keep the link text, mask the destination and title: `](url "title")`.
          mask(offsetOf(inner[inner.length - 1]!, 'end') + shift, to);
          visitInline(inner, shift);
        }
      } else if (child.children) {
        visitInline(child.children, shift);
      }
    }
  };
  visitInline(node.children ?? [], 0);
  if (quoteIndex !== undefined) {
    // Lines inside a block quote start with `>` markers (and maybe indentation): not text.
    const raw = text.slice(start, end);
    const re = /(^|\n)([ \t]*(?:>[ \t]?)+)/g;
    for (let m = re.exec(raw); m !== null; m = re.exec(raw)) {
      const from = start + m.index + m[1]!.length;
      mask(from, from + m[2]!.length);
    }
  }
  return { start, end, masked: chars.join(''), blockQuote: quoteIndex };
}

function offsetOf(node: Node, side: 'start' | 'end'): number {
  return node.position?.[side].offset ?? 0;
}

function blank(text: string, from: number, to: number): string {
  return text.slice(from, to).replace(/[^\r\n]/g, ' ');
}
