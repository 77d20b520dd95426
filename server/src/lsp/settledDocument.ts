import type { Position } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { draftFormatOf } from '../core/draft/draftAnalysis';
import { DRAFT_DOCUMENTS } from './draftDocuments';
import { TOP_DOWN_FORMATS, type CancellationLike, type LanguageService } from '../service';

/** The last view made per draft, so its line offsets are computed once. */
const views = new Map<string, TextDocument>();

/**
 * The version of a draft to answer a request at `position` from (issue 27: never blocked while
 * typing): the last version the service parsed, when the draft is the same as that one up to the
 * start of the block after the one holding `position` (an edit further on cannot change a citation,
 * quote, verdict or fix before it, and positions before it are the same in both), else the
 * document itself. During an edit storm a hover or code action away from the typing then costs
 * no parse of the version just typed; at the typing position the document itself is parsed.
 */
export function settledDocument(service: LanguageService, document: TextDocument, position: Position): TextDocument {
  const last = service.lastParsed(document.uri);
  if (last === undefined || last.version === document.version || !TOP_DOWN_FORMATS.has(draftFormatOf(document.languageId, document.uri))) return document;
  const offset = document.offsetAt(position);
  let end = offset;
  for (const block of last.analysis.structure.blocks) if (block.start <= offset && offset <= block.end) end = Math.max(end, block.end);
  const next = last.analysis.structure.blocks.find((block) => block.start > end);
  if (next === undefined) return document;
  const text = document.getText();
  if (text.length < next.start || last.text.length < next.start) return document;
  for (let i = 0; i < next.start; i++) if (text.charCodeAt(i) !== last.text.charCodeAt(i)) return document;
  const known = views.get(document.uri);
  if (known?.version === last.version && known.getText() === last.text) return known;
  const view = DRAFT_DOCUMENTS.create(document.uri, document.languageId, last.version, last.text);
  views.set(document.uri, view);
  return view;
}

/**
 * The version of a draft to answer a request from, parsed (with `checked`: and checked) before the
 * request is answered: `settledDocument` at `position`, or the document as it is now when no
 * position is given (code actions, links, hints). A long draft is parsed in slices that yield to
 * other requests, or in a worker (issue 27), so this request waits for its parse while no other one
 * does; a short one, or one parsed already, is answered at once, and so is a request at a position
 * of a long Markdown draft (the service reads the paragraph there). Typing meanwhile moves the draft
 * on: then again, at most three times.
 */
export async function preparedDocument(
  service: LanguageService,
  document: TextDocument,
  position: Position | undefined,
  token: CancellationLike,
  checked = false,
): Promise<TextDocument> {
  const viewOf = (): TextDocument => (position === undefined ? document : settledDocument(service, document, position));
  if (position !== undefined && TOP_DOWN_FORMATS.has(draftFormatOf(document.languageId, document.uri))) return viewOf();
  for (let attempt = 0; attempt < 3; attempt++) {
    const view = viewOf();
    if (service.answersAtOnce(view, checked)) return view;
    const version = view.version;
    if (!(await service.prepare(view, token, checked)) || view.version === version) return view;
  }
  return viewOf();
}

/** Forgets a closed draft's view. */
export function forgetSettled(uri: string): void {
  views.delete(uri);
}
