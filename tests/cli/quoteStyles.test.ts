import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WORLD } from '../helpers';
import { verbatim, type CliRun } from './runVerbatim';

/** `verbatim check` run in examples/world (its sources are ./sources). */
function check(args: string[]): Promise<CliRun> {
  return verbatim(['check', ...args], WORLD);
}

test('verbatim check on British, French, German, Russian, Armenian, Japanese and Chinese drafts judges every quote', async () => {
  const { status, stdout } = await check([]);
  assert.equal(status, 1, stdout);
  const lines = stdout.trimEnd().split('\n');
  assert.deepEqual(lines, [
    'draft-de.md:11:28: warning misquote: misquote of @rheintal-bahn: source says "zu spät", not "rechtzeitig"',
    'draft-de.md:12:22: warning misquote: misquote of @rheintal-bahn: quote leaves out "nicht" without an ellipsis',
    'draft-de.md:13:39: warning misquote: misquote of @rheintal-bahn: source says "Niemand", not "Jemand"',
    'draft-en-gb.md:11:24: warning misquote: misquote of @leeds-buses: source says "buses", not "trains"',
    'draft-en-gb.md:13:13: warning misquote: misquote of @leeds-buses: source says "cannot", not "can"',
    'draft-fr.md:11:35: warning misquote: misquote of @lyon-eau: source says "personne ne", not "tout le monde"',
    'draft-fr.md:12:42: warning misquote: misquote of @lyon-eau: quote leaves out "ne" without an ellipsis (and 1 more change)',
    'draft-fr.md:14:23: warning misquote: misquote of @lyon-eau: source says "rien n’a", not "tout a"',
    'draft-hy.md:10:24: warning misquote: misquote of @yerevan-metro: source says "չենք հետաձգի", not "կհետաձգենք"',
    'draft-hy.md:11:1: warning misquote: misquote of @yerevan-metro: source says "հինգ", not "տասը"',
    'draft-ja.md:8:3: warning misquote: misquote of @sendai-shinkansen: source says "五", not "三"',
    'draft-ja.md:10:6: warning misquote: misquote of @sendai-shinkansen: source says "ない", not "る"',
    'draft-ru.md:10:21: warning misquote: misquote of @novosibirsk-most: source says "тридцать", not "двадцать"',
    'draft-ru.md:11:45: warning misquote: misquote of @novosibirsk-most: quote leaves out "не" without an ellipsis',
    'draft-zh.md:9:8: warning misquote: misquote of @shenzhen-metro: quote leaves out "不" without an ellipsis',
    'draft-zh.md:9:48: warning misquote: misquote of @shenzhen-metro: source says "两", not "三"',
    // Every quote of four words or more (two Han or Kana characters to a word) is checked: the rest are verbatim.
    '0 errors, 16 warnings, 0 information in 7 files (34 quotes checked against 7 sources)',
  ]);
});

test('fixes keep the writer’s marks and spacing, add no space between Chinese words, and end Japanese words whole', async () => {
  const { stdout } = await check(['draft-fr.md', 'draft-zh.md', 'draft-ja.md', '--format', 'json']);
  const findings = JSON.parse(stdout) as Array<{ file: string; line: number; suggestion?: string }>;
  const suggestion = (file: string, line: number): string | undefined => findings.find((f) => f.file === file && f.line === line)?.suggestion;
  // The fix replaces the words inside « » only: the narrow no-break spaces inside the marks stay.
  assert.equal(suggestion('draft-fr.md', 14), ' on nous a déjà promis une baisse en 2022, et rien n’a changé ');
  assert.equal(suggestion('draft-zh.md', 9), '我们不会为了赶工期而降低安全标准');
  // A changed last character: the fix gives the source's whole word (できない), not its first character.
  assert.equal(suggestion('draft-ja.md', 10), '安全が確認できるまで、運転を再開することはできない');
});
