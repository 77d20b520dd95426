import * as fs from 'node:fs';

/**
 * Test-only pause of indexing, so protocol and end-to-end tests can observe the server while it is
 * still indexing without depending on timing: with `VERBATIM_TEST_HOLD_INDEXING=FILE` set, indexing
 * stops (after the sources' front matter, or on a restart the index file, is read) until FILE
 * exists. Unset, it costs nothing.
 */
export const HOLD_INDEXING_ENV = 'VERBATIM_TEST_HOLD_INDEXING';

const POLL_MS = 20;

/** Resolves once indexing may go on: at once unless the test hold is set and its file is missing. */
export async function indexingReleased(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const file = env[HOLD_INDEXING_ENV];
  if (!file) return;
  while (!fs.existsSync(file)) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
}
