/**
 * The config's JSON Schema, generated from the same zod validators that check
 * the file, so editors autocomplete through a `$schema` key and the two never drift.
 */
import * as z from 'zod';
import { allChecks } from '../checks/registry.js';
import { commonSchema, settingsSchemas } from './config.js';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, unknown>; required?: string[] };

const toSchema = (schema: z.ZodType): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

export async function buildJsonSchema(): Promise<Record<string, unknown>> {
  const common = toSchema(commonSchema);
  const resourceKinds = (await allChecks()).map((definition) => {
    const own = toSchema(definition.schema);
    return {
      title: definition.kind,
      description: definition.description,
      type: 'object',
      properties: { ...common.properties, ...own.properties, type: { const: definition.kind } },
      required: ['name', 'type', ...(own.required ?? [])],
      additionalProperties: false,
    };
  });
  const { resources: _resources, ...settings } = settingsSchemas;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Backstop config',
    type: 'object',
    properties: {
      ...Object.fromEntries(Object.entries(settings).map(([key, schema]) => [key, toSchema(schema as z.ZodType)])),
      resources: { type: 'array', items: { oneOf: resourceKinds } },
    },
    additionalProperties: false,
  };
}
