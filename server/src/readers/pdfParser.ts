/**
 * pdf.js (through unpdf), in a module of its own: the build makes it a separate bundle
 * (`dist/pdfParser.js`) that is loaded on the first PDF, so starting Verbatim never parses pdf.js's
 * megabytes when the library has no PDF.
 */
export { getDocumentProxy } from 'unpdf';
