/**
 * Whether a citation key can be written bare (`@key`) under Pandoc's rules: it starts with a letter,
 * digit or `_`, and its internal punctuation (`:.#$%&-+?<>~/`) is each followed by a letter, digit
 * or `_`. Any other key must be braced (`@{odd key}`).
 */
export function isBareKey(key: string): boolean {
  return /^[\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&\-+?<>~/](?=[\p{L}\p{N}_]))*$/u.test(key);
}

/** A key as a citation writes it after `@`: bare when Pandoc allows, else braced. */
export function writtenKey(key: string): string {
  return isBareKey(key) ? key : `{${key}}`;
}
