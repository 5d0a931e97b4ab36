/** Message helpers shared by the report, CLI and messages (numbers and dates are in shared/words.ts). */

/** A value as JSON, cut to `max` characters: for "got …" in messages. */
export function preview(value: unknown, max = 60): string {
  let text: string;
  try {
    // JSON writes Infinity and NaN as null: a message about a number says the number.
    text = typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 3)}…` : text;
}
