/**
 * What `backstop validate` checks beyond the config's own text, without running anything:
 * that the local files resources name exist (a module's `path`, a trigger's `source`, a `ca`,
 * a Sheets `keyFile`), and each kind's own `inspect` (a sheet's ambiguous dates). Only
 * validate pays for this: a run leaves a missing file to the check, which reports it.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type * as z from 'zod';
import type { ConfigIssue } from '../../shared/types.js';
import { localFileFields } from '../checks/fields.js';
import type { ConfiguredResource, LoadedConfig } from './config.js';
import { defOf, joinPath, unwrapped } from './config-issues.js';

export async function inspectConfig(config: LoadedConfig): Promise<ConfigIssue[]> {
  const resourcePath = (index: number) => `${config.format === 'java' ? 'Resources' : 'resources'}[${index}]`;
  const perResource = await Promise.all(
    config.resources.map(async (resource): Promise<ConfigIssue[]> => {
      if (!resource.ok) return [];
      const at = resourcePath(resource.index);
      const label = `resource \`${resource.name}\` (${resource.type})`;
      const files = await Promise.all(localFilesOf(resource).map((file) => missingFile(file, config.dir)));
      const issues: ConfigIssue[] = files.flatMap((problem) => (problem ? [{ severity: 'error' as const, path: joinPath(at, problem.field), message: `${label}: ${problem.message}` }] : []));
      try {
        const findings = (await resource.definition.inspect?.(resource.params as never, { configDir: config.dir, timezone: config.settings.timezone })) ?? [];
        for (const finding of findings) issues.push({ severity: finding.severity, path: joinPath(at, finding.field ?? ''), message: `${label}: ${finding.message}` });
      } catch (error) {
        issues.push({ severity: 'warning', path: at, message: `${label}: could not be inspected: ${error instanceof Error ? error.message : String(error)}` });
      }
      return issues;
    }),
  );
  return perResource.flat();
}

interface LocalFile {
  field: string;
  path: string;
  what: string;
}

/** The values of a resource's `localFileFields` fields, found by walking its kind's schema beside its params. */
function localFilesOf(resource: Extract<ConfiguredResource, { ok: true }>): LocalFile[] {
  const found: LocalFile[] = [];
  const walk = (schema: z.ZodType, value: unknown, field: string) => {
    if (value === undefined || value === null) return;
    const tag = localFileFields.get(schema);
    if (tag && typeof value === 'string') {
      if (!(tag.orUrl && /^[a-z][a-z\d+.-]*:\/\//i.test(value))) found.push({ field, path: value, what: tag.what });
      return;
    }
    const inner = unwrapped(schema);
    if (inner) return walk(inner, value, field);
    const def = defOf(schema);
    if (def.type === 'object' && typeof value === 'object') {
      for (const [key, child] of Object.entries(def.shape ?? {})) walk(child, (value as Record<string, unknown>)[key], joinPath(field, key));
    } else if (def.type === 'union') {
      for (const option of def.options ?? []) walk(option, value, field);
    } else if (def.type === 'array' && Array.isArray(value) && def.element) {
      value.forEach((item, index) => walk(def.element!, item, `${field}[${index}]`));
    }
  };
  walk(resource.definition.schema, resource.params, '');
  return found;
}

async function missingFile(file: LocalFile, configDir: string): Promise<{ field: string; message: string } | undefined> {
  const absolute = isAbsolute(file.path) ? file.path : resolve(configDir, file.path);
  const relativeNote = absolute === file.path ? '' : " (relative paths start at the config file's folder)";
  const named = `\`${file.field}\``;
  try {
    if ((await stat(absolute)).isDirectory()) return { field: file.field, message: `${named}: ${absolute} is a folder: name the ${file.what} itself` };
    await access(absolute, constants.R_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { field: file.field, message: `${named}: no ${file.what} at ${absolute}: fix the path${relativeNote}` };
    if (code === 'EACCES') return { field: file.field, message: `${named}: cannot read the ${file.what} at ${absolute}: permission denied: let Backstop's user read it` };
    return { field: file.field, message: `${named}: cannot check the ${file.what} at ${absolute}: ${(error as Error).message}` };
  }
}
