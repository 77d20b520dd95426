/** Command ids the server runs (workspace/executeCommand) and names in code actions. */

/** Server command that opens a source at a range: arguments `[uri, range?]`. */
export const OPEN_SOURCE_COMMAND = 'verbatim.server.openSource';

