import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { nodeFileSystem } from '../../src/cli/node-fs.ts';
import { formatFieldError } from '../../src/api/errors.ts';
import { INSTANCE_TYPE_NAMES, TIMELINE_ACTIONS, EXPECTATIONS, loadScenarioFile } from '../../src/scenario/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '../..');
const schema = JSON.parse(readFileSync(path.join(root, 'schema/scenario.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, validateFormats: false });
const validate = ajv.compile(schema);

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f));
}
const schemaErrors = (file: string) => {
  validate(parse(readFileSync(file, 'utf8'), { version: '1.1' }));
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
};

const valid = [...yamlFiles(path.join(root, 'scenarios')), ...yamlFiles(path.join(here, '../fixtures/scenarios'))];

describe('scenario JSON Schema', () => {
  it('is a valid draft 2020-12 schema with descriptions', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.properties.spec.properties.duration.description).toMatch(/length of the run/);
  });

  it('lists what the loader knows: timeline actions, expectations, instance types', () => {
    expect(Object.keys(schema.properties.spec.properties.timeline.items.properties).filter((k) => k !== 'at')).toEqual([...TIMELINE_ACTIONS]);
    expect(Object.keys(schema.properties.spec.properties.expect.items.properties)).toEqual([...EXPECTATIONS]);
    expect(schema.properties.spec.properties.cluster.properties.nodePools.items.properties.instanceType.enum).toEqual(INSTANCE_TYPE_NAMES);
  });

  it.each(valid.map((f) => [path.relative(root, f), f]))('%s passes the schema and the loader', (_name, file) => {
    expect(schemaErrors(file)).toEqual([]);
    expect(loadScenarioFile(file, nodeFileSystem).errors.map(formatFieldError)).toEqual([]);
  });

  // Broken files whose fault is visible without the manifests fail both; the others (an unknown Service, a missing
  // file) only the loader can see.
  it.each([
    '01-unknown-spec-field.yaml',
    '02-bad-duration.yaml',
    '03-two-actions-in-one-entry.yaml',
    '06-bad-quantity.yaml',
    '07-negative-count.yaml',
    '11-wrong-api-version.yaml',
    '12-missing-required.yaml',
    '13-capacity-and-instance-type.yaml',
    '14-unknown-instance-type.yaml',
    '17-bad-profile.yaml',
    '18-bad-expectations.yaml',
    '19-bad-faults.yaml',
    '25-timeline-bad-args.yaml',
    '26-bad-taints-labels.yaml',
    '27-not-a-mapping.yaml',
    '31-bad-node-affinity-args.yaml',
  ])('%s fails the schema and the loader', (name) => {
    const file = path.join(here, '../fixtures/broken-scenarios', name);
    expect(schemaErrors(file).length).toBeGreaterThan(0);
    expect(loadScenarioFile(file, nodeFileSystem).errors.length).toBeGreaterThan(0);
  });
});
