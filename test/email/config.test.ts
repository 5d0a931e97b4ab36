import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { emailSchema, recipients, resolveSecurity } from '../../main/email/config.js';

const minimal = { smtp: { host: 'smtp.example.com' }, from: 'backstop@example.com', to: 'me@example.com' };

function issues(input: unknown): string[] {
  const result = emailSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `email.${issue.path.join('.')} ${issue.message}`);
}

describe('emailSchema', () => {
  it('fills in defaults: port 587, timeout 30 s, retries after 20 s and 60 s', () => {
    const settings = emailSchema.parse(minimal);
    expect(settings.smtp.port).toBe(587);
    expect(settings.smtp.timeout).toBe(30_000);
    expect(settings.retryDelays).toEqual([20_000, 60_000]);
    expect(resolveSecurity(settings.smtp)).toBe('starttls');
  });

  it.each([
    { name: 'port 465 means TLS from the start', smtp: { host: 'h', port: 465 }, security: 'tls' },
    { name: 'port 587 means STARTTLS', smtp: { host: 'h', port: 587 }, security: 'starttls' },
    { name: 'port 25 means STARTTLS unless told', smtp: { host: 'h', port: 25 }, security: 'starttls' },
    { name: 'an explicit choice wins', smtp: { host: 'h', port: 465, secure: 'none' }, security: 'none' },
  ])('$name', ({ smtp, security }) => {
    expect(resolveSecurity(emailSchema.parse({ ...minimal, smtp }).smtp)).toBe(security);
  });

  it('reads durations with their units and accepts a list of recipients or a display name', () => {
    const settings = emailSchema.parse({
      ...minimal,
      from: 'Backstop <backstop@example.com>',
      to: ['a@example.com', 'Ops Team <ops@example.com>'],
      smtp: { host: 'h', timeout: '10s' },
      retryDelays: ['500ms', '2m'],
    });
    expect(settings.smtp.timeout).toBe(10_000);
    expect(settings.retryDelays).toEqual([500, 120_000]);
    expect(recipients(settings)).toEqual(['a@example.com', 'Ops Team <ops@example.com>']);
    expect(recipients(emailSchema.parse(minimal))).toEqual(['me@example.com']);
  });

  it.each([
    { name: 'a bare word as recipient', input: { ...minimal, to: 'me' }, message: 'email.to must be an address like "me@example.com", got "me"' },
    { name: 'one bad address in a list', input: { ...minimal, to: ['a@example.com', 'me'] }, message: 'email.to.1 must be an address like "me@example.com", got "me"' },
    { name: 'an empty list', input: { ...minimal, to: [] }, message: 'email.to must list at least one address like "me@example.com"' },
    { name: 'a number as recipient', input: { ...minimal, to: 5 }, message: 'email.to must be an address like "me@example.com" or a list of them, got 5' },
    { name: 'a sender without a domain', input: { ...minimal, from: 'backstop' }, message: 'email.from must be an address like "me@example.com", got "backstop"' },
    { name: 'an unknown security word', input: { ...minimal, smtp: { host: 'h', secure: 'ssl' } }, message: 'email.smtp.secure must be "tls", "starttls" or "none", got "ssl"' },
    { name: 'a user without a password', input: { ...minimal, smtp: { host: 'h', user: 'u' } }, message: 'email.smtp.pass is missing: `user` is set, so set `pass` too (or remove `user` for a relay without login)' },
    { name: 'a timeout without a unit', input: { ...minimal, smtp: { host: 'h', timeout: '30' } }, message: 'email.smtp.timeout must be a duration like "30s", got "30"' },
    { name: 'an unknown subject placeholder', input: { ...minimal, subject: '{{summry}} on {{date}}' }, message: 'email.subject has an unknown placeholder {{summry}}: use one of {{summary}}, {{date}}, {{app}}, {{errors}}, {{warnings}}, {{ok}}, {{total}}' },
    { name: 'a heartbeat that is not a URL', input: { ...minimal, heartbeatUrl: 'hc-ping.com/abc' }, message: 'email.heartbeatUrl must be an http or https URL like "https://example.com/health", got "hc-ping.com/abc"' },
  ])('refuses $name, worded as the fix', ({ input, message }) => {
    expect(issues(input)).toContain(message);
  });

  it('reports every problem at once', () => {
    expect(issues({ smtp: { host: '' }, from: 'x', to: 'y' })).toHaveLength(3);
  });

  it('turns into a JSON Schema with a description on every field', () => {
    const schema = z.toJSONSchema(emailSchema, { io: 'input' }) as { properties: Record<string, { description?: string; properties?: Record<string, { description?: string }> }> };
    for (const [name, field] of Object.entries(schema.properties)) expect(field.description, name).toBeTruthy();
    for (const [name, field] of Object.entries(schema.properties.smtp?.properties ?? {})) expect(field.description, `smtp.${name}`).toBeTruthy();
  });
});
