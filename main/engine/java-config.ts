/**
 * The original Java backstop's config files run unchanged. Such a file has a
 * top-level `Resources` array of `{ Name, Class, Link, StateId, Parameters }`
 * (parameter values are strings) and optional `Threads`, `CheckTimeoutSeconds`,
 * `ZoneId`. This maps it onto the native shape, resource by resource, so a
 * resource that cannot be mapped becomes one ERROR row and the rest still run.
 */
import type { ConfigIssue } from '../../shared/types.js';

const PACKAGE = 'com.shutdownhook.backstop.';

type Parameters = Record<string, unknown>;
type Mapper = (parameters: Parameters, resource: JavaResource) => Record<string, unknown>;

interface JavaResource {
  Name?: unknown;
  Class?: unknown;
  Link?: unknown;
  StateId?: unknown;
  Parameters?: unknown;
}

const text = (value: unknown): string | undefined => (value === undefined || value === null || value === '' ? undefined : String(value));
const seconds = (value: unknown): string | undefined => (text(value) === undefined ? undefined : `${String(value).trim()}s`);

const mappers: Record<string, Mapper> = {
  'Resource$DescartesResource': () => ({ type: 'proof-of-life' }),
  WebResource: (p, resource) => {
    const headers: Record<string, string> = {};
    if (text(p.acceptType)) headers.Accept = String(p.acceptType);
    if (text(p.contentType)) headers['Content-Type'] = String(p.contentType);
    return {
      type: 'http',
      url: p.url,
      link: text(p.infoUrl) ?? text(resource.Link) ?? p.url,
      ...(Object.keys(headers).length ? { headers } : {}),
      ...(text(p.postData) ? { method: 'POST', body: String(p.postData) } : {}),
      ...(seconds(p.timeoutSeconds) ? { timeout: seconds(p.timeoutSeconds) } : {}),
      ...(text(p.search) ? { bodyContains: String(p.search) } : {}),
    };
  },
  ProcessResource: (p) => ({
    type: 'process',
    command: p.Command,
    shell: 'bash',
    // The original passed every parameter to the process as an environment variable.
    env: Object.fromEntries(Object.entries(p).map(([key, value]) => [key, String(value)])),
    ...(seconds(p.TimeoutSeconds) ? { timeout: seconds(p.TimeoutSeconds) } : {}),
    ...(text(p.Debug)?.toLowerCase() === 'true' ? { debug: true } : {}),
  }),
  TriggerResource: (p, resource) => ({
    type: 'trigger',
    source: p.tsv,
    format: 'tsv',
    link: text(p.link) ?? text(resource.Link),
    header: text(p.skipHeaders)?.toLowerCase() === 'true',
  }),
};

export function isJavaConfig(raw: unknown): raw is { Resources: unknown } {
  return Boolean(raw) && typeof raw === 'object' && !Array.isArray(raw) && 'Resources' in (raw as object);
}

export interface JavaTranslation {
  config: Record<string, unknown>;
  /** Resource index → the original's path, for messages. */
  issues: ConfigIssue[];
  /** Resources that could not be mapped, by index: name, link and the reason. */
  unmapped: Map<number, { name: string; link: string; message: string }>;
}

export function translateJavaConfig(raw: Record<string, unknown>): JavaTranslation {
  const issues: ConfigIssue[] = [];
  const unmapped: JavaTranslation['unmapped'] = new Map();
  const config: Record<string, unknown> = {};
  // Native keys may sit beside the Java ones (an `email` section added later, say).
  for (const key of ['timezone', 'schedule', 'concurrency', 'defaults', 'runDeadline', 'staleAfter', 'history', 'email', '$schema']) {
    if (key in raw) config[key] = raw[key];
  }
  if (raw.ZoneId !== undefined && config.timezone === undefined) config.timezone = raw.ZoneId;
  if (raw.CheckTimeoutSeconds !== undefined) config.defaults = { ...(config.defaults as object), timeout: seconds(raw.CheckTimeoutSeconds) };
  if (raw.Sender !== undefined && raw.email === undefined) {
    issues.push({
      severity: 'warning',
      path: 'Sender',
      message: '`Sender` (the Azure email connection string) is not used: add an `email` section with SMTP settings — Azure Communication Services offers SMTP (see the README)',
    });
  }
  for (const ignored of ['SubjectTemplate', 'BodyTemplatePath']) {
    if (raw[ignored] !== undefined) {
      issues.push({ severity: 'warning', path: ignored, message: `\`${ignored}\` is not used: the email layout is built in; set \`email.subject\` for the subject` });
    }
  }
  // `Threads` sized the original's pool; our pools are sized per kind of work, so it is accepted and not needed.

  const resources = Array.isArray(raw.Resources) ? raw.Resources : [];
  if (!Array.isArray(raw.Resources)) {
    issues.push({ severity: 'error', path: 'Resources', message: `\`Resources\` must be a list of resources, got ${typeof raw.Resources}` });
  }
  config.resources = resources.map((item: unknown, index) => {
    const resource = (item && typeof item === 'object' ? item : {}) as JavaResource;
    const name = text(resource.Name) ?? `Resources[${index}]`;
    const link = text(resource.Link) ?? '';
    const className = text(resource.Class);
    const mapper = className?.startsWith(PACKAGE) ? mappers[className.slice(PACKAGE.length)] : undefined;
    if (!mapper) {
      const known = Object.keys(mappers).map((key) => `\`${PACKAGE}${key}\``).join(', ');
      const message = className
        ? `resource \`${name}\`: Class \`${className}\` is not supported: use one of ${known}, or rewrite it as a native resource (a \`process\` resource runs any script)`
        : `resource \`${name}\`: \`Class\` is required: use one of ${known}`;
      unmapped.set(index, { name, link, message });
      return { name, type: '(java)' };
    }
    const parameters = (resource.Parameters && typeof resource.Parameters === 'object' ? resource.Parameters : {}) as Parameters;
    const mapped = mapper(parameters, resource);
    return {
      name,
      ...(link ? { link } : {}),
      ...(text(resource.StateId) ? { stateId: text(resource.StateId) } : {}),
      ...Object.fromEntries(Object.entries(mapped).filter(([, value]) => value !== undefined)),
    };
  });
  return { config, issues, unmapped };
}
