/** Command ids the server runs (workspace/executeCommand) and names in code actions. */

/** Server command that opens a source at a range: arguments `[uri, range?]`. */
export const OPEN_SOURCE_COMMAND = 'verbatim.server.openSource';

/**
 * Server command that applies a quick fix's edit, for clients without code action literals:
 * `[WorkspaceEdit]`. The server sends it with `workspace/applyEdit` where the client declared that,
 * else the command's result is the edit.
 */
export const APPLY_EDIT_COMMAND = 'verbatim.server.applyEdit';
