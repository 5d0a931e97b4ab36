/**
 * Byte sizes as people write them in a config ("1 MB", "500KB", "2 GiB"). KB/MB/GB are decimal (1000), KiB/MiB/GiB binary (1024), as on disk labels; a report writes
 * sizes in decimal units (`formatBytes` in shared/words.ts).
 */
import * as z from 'zod';

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

const SIZE_PATTERN = /^(\d+(?:\.\d+)?)\s*([a-z]+)?$/i;

/** Bytes from "1 MB", "500KB", "1.5 GiB" or "300" (bytes); undefined when the text is not a size. */
export function parseByteSize(text: string): number | undefined {
  const match = SIZE_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const factor = UNITS[(match[2] ?? 'b').toLowerCase()];
  if (factor === undefined) return undefined;
  return Math.round(Number(match[1]) * factor);
}

/** A size in bytes: a whole number, or a string with a unit like "1 MB". Parsed to bytes. */
export function byteSize(example = '1 MB') {
  const hint = `must be a size like "${example}" or a number of bytes`;
  return z
    .union([z.number(), z.string()], { error: hint })
    .meta({ description: `A size in bytes, or with a unit like "${example}" (B, KB, MB, GB, TB; KiB, MiB, GiB, TiB).`, examples: [example] })
    .transform((input, ctx) => {
      const bytes = typeof input === 'number' ? input : parseByteSize(input);
      if (bytes === undefined || !Number.isSafeInteger(bytes) || bytes < 0) {
        ctx.issues.push({ code: 'custom', input, message: `${hint}, got ${JSON.stringify(input)}` });
        return z.NEVER;
      }
      return bytes;
    });
}
