/**
 * How much the network layer reads, in a module of its own: local files are read with the
 * same cap (checks/lib/local-file.ts), and reading the state file at start-up must not load
 * the whole network layer for one number.
 */

/** A status API or a published sheet answers in kilobytes; anything this big is the wrong URL. */
export const DEFAULT_MAX_BODY_BYTES = 5_000_000;
