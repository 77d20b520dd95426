/**
 * The HTML parsers, in a module of their own: the build makes it a separate bundle
 * (`dist/htmlParsers.js`) that is loaded on the first HTML file, so starting Verbatim never parses
 * linkedom and Readability when the library has no web page.
 */
export { parseHTML } from 'linkedom';
export { Readability } from '@mozilla/readability';
