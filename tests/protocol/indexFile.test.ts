import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { Hover, Location } from 'vscode-languageserver-protocol/node';
import { APPEAL, RALLY, SEEDS, temporaryFolder } from '../helpers';
import { LspTestClient } from './lspClient';

// The index file is a cache, never a dependency (issue 27): damaged while the server runs,
// the server answers as it did, says so once in its log, and saves a sound index again.

const TEST = { timeout: 60_000 };

const QUOTE = 'Any statement of compromise made on behalf of the people of Artsakh is rejected';
const DRAFT = `"${QUOTE}," the minister said [@${RALLY}].\n\nThe appeal [@${APPEAL}] went to Moscow.\n`;

function position(needle: string, delta: number): { line: number; character: number } {
  const offset = DRAFT.indexOf(needle) + delta;
  const before = DRAFT.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - before.lastIndexOf('\n') - 1 };
}

/** Hover on the key and on the quote, and go to definition from the quote: what needs the sources' texts. */
async function answers(client: LspTestClient, uri: string): Promise<{ keyHover: Hover | null; quoteHover: Hover | null; definition: Location[] }> {
  const textDocument = { uri };
  return {
    keyHover: await client.request<Hover | null>('textDocument/hover', { textDocument, position: position(APPEAL, 2) }),
    quoteHover: await client.request<Hover | null>('textDocument/hover', { textDocument, position: position(QUOTE, 5) }),
    definition: await client.request<Location[]>('textDocument/definition', { textDocument, position: position(QUOTE, 5) }),
  };
}

describe('the index file damaged while the server runs', () => {
  for (const damage of ['truncated', 'overwritten'] as const) {
    test(`(${damage}) hover and definition answer as before, the next save works, the next start reuses it`, TEST, async () => {
      const root = temporaryFolder('verbatim-index-damage-');
      const sources = path.join(root, 'sources');
      fs.mkdirSync(sources);
      for (const name of fs.readdirSync(SEEDS)) fs.copyFileSync(path.join(SEEDS, name), path.join(sources, name));
      const cache = path.join(root, 'cache');
      const start = (): Promise<LspTestClient> =>
        LspTestClient.start({ copySeeds: false, expectSources: 2, settings: { sources: [sources], bundledSources: 'never' }, initializationOptions: { cacheDir: cache } });
      try {
        const first = await start();
        const expected = await answers(first, await first.open('draft.md', DRAFT));
        assert.match(JSON.stringify(expected.keyHover), /Appeal/);
        assert.equal(expected.definition.length, 1);
        await first.stop();

        const client = await start();
        try {
          assert.ok(client.log.some((line) => line.includes('; 2 from the index file')), client.log.join('\n'));
          const uri = await client.open('draft.md', DRAFT);
          const [index] = fs.readdirSync(cache, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('index.bin'));
          const file = path.join(cache, index!);
          if (damage === 'truncated') fs.truncateSync(file, Math.floor(fs.statSync(file).size / 3));
          else fs.writeFileSync(file, Buffer.alloc(fs.statSync(file).size, 0x20));
          assert.deepEqual(await answers(client, uri), expected);
          assert.equal(client.log.filter((line) => line.includes('source texts are read from their files again')).length, 1, client.log.join('\n'));
          // A file event makes a save pending; shutting down writes it.
          fs.appendFileSync(path.join(sources, `${RALLY}.txt`), '\nA paragraph added later.\n');
          await client.fileEvents([{ uri: `file://${path.join(sources, `${RALLY}.txt`)}`, type: 2 }]);
          await client.stop();
          assert.ok(!client.log.some((line) => /could not be written|unexpected error|unhandled rejection/.test(line)), client.log.join('\n'));
        } finally {
          await client.dispose();
        }

        const third = await start();
        try {
          assert.ok(third.log.some((line) => line.includes('; 2 from the index file')), third.log.join('\n'));
          assert.ok(!third.log.some((line) => line.includes('cache is')), third.log.join('\n'));
        } finally {
          await third.dispose();
        }
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  }
});
