/**
 * The shared first half of json-age and json-value: GET the document, read the path,
 * name each element. The kinds only judge the values.
 */
import { getJson } from '../../net/index.js';
import { caFile, headers, httpUrl, insecure } from '../fields.js';
import type { CheckContext, CheckStatus } from '../types.js';
import { compileJsonPath, jsonPathField, readJsonPath } from './json-path.js';
import type { Reading } from './json-path.js';

/**
 * The fields of a kind that reads values from a JSON API: where to GET, how to trust it,
 * and the JSONPath of the value (`what` and `example` word the path's description).
 */
export function jsonSourceFields(example: { path: string; what: string; wildcard: string }) {
  return {
    url: httpUrl.meta({ description: 'The JSON document to GET.' }),
    headers: headers.optional(),
    insecure,
    ca: caFile,
    path: jsonPathField(example.path).meta({
      description: `JSONPath of ${example.what}; a wildcard like "${example.wildcard}" gives one line per element.`,
    }),
    nameField: jsonPathField('name', { wildcards: false }).optional().meta({
      description: 'With a wildcard path: the field inside each element that names its line (default: its index like "[2]").',
    }),
  };
}

export interface JsonReadingParams {
  url: string;
  headers?: Record<string, string>;
  path: string;
  nameField?: string;
  insecure: boolean;
  ca?: string;
}

export type ReadingsOutcome = { ok: true; readings: Reading[] } | { ok: false; status: CheckStatus };

export async function fetchReadings(params: JsonReadingParams, ctx: CheckContext): Promise<ReadingsOutcome> {
  const path = compileJsonPath(params.path);
  const nameField = params.nameField === undefined ? undefined : compileJsonPath(params.nameField);
  const response = await getJson(ctx, params.url, { headers: params.headers, ca: params.ca, insecure: params.insecure });
  if (!response.ok) return { ok: false, status: { level: 'ERROR', result: response.error } };
  const readings = readJsonPath(response.json, path, nameField);
  // An empty list of sensors is the worst case, not a pass.
  if (readings.length === 0) return { ok: false, status: { level: 'ERROR', result: `nothing matches ${params.path}` } };
  return { ok: true, readings };
}

/** Adds the element's name as the line's metric (wildcard paths only). */
export function withMetric(reading: Reading, status: CheckStatus): CheckStatus {
  return reading.name === undefined ? status : { metric: reading.name, ...status };
}
