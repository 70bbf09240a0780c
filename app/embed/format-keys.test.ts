/** The embed's list of the format's property names is the published JSON Schema's (`npm run schema` writes both). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatKeysOf } from '../scenario/format-keys';
import formatKeyList from './format-keys.json';
import { redactPath } from './error-codes';

describe('format keys', () => {
  it('equal the property names of public/schema/scenario.schema.json', () => {
    const schema = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../public/schema/scenario.schema.json'), 'utf8')) as unknown;
    expect(formatKeyList).toEqual(formatKeysOf(schema));
    expect(formatKeyList).toEqual(expect.arrayContaining(['hosts', 'iptables', 'interfaces', 'flows']));
  });
  it('keep the format’s names in a redacted path and hide the file’s own', () => {
    expect(redactPath('hosts[2].iptables')).toBe('hosts[2].iptables');
    expect(redactPath('hosts[0].sysctls.net.ipv4.ip_forward')).toBe('hosts[0].sysctls.*');
  });
});
