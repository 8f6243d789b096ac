// Medplum's validateResource over trialdocs Bundles, fed one FHIR release's
// StructureDefinitions from the HL7 core package (not Medplum's own R4 set).
// Usage: node medplum-validate.mjs R5|R4B FILE.json... > report.json
// Prints {"checked": N, "issues": [{"file", "resource", "severity", "code", "expression", "message"}]}.
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { indexStructureDefinitionBundle, validateResource, OperationOutcomeError } from '@medplum/core';

const here = dirname(fileURLToPath(import.meta.url));
const [version, ...files] = process.argv.slice(2);
const pkg = { R5: 'hl7.fhir.r5.core', R4B: 'hl7.fhir.r4b.core' }[version];
if (!pkg) {
  console.error('usage: node medplum-validate.mjs R5|R4B FILE.json...');
  process.exit(2);
}
const dir = join(here, 'packages', pkg, 'package');
const definitions = readdirSync(dir)
  .filter((name) => name.startsWith('StructureDefinition-') && name.endsWith('.json'))
  .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')))
  .filter((sd) => sd.derivation !== 'constraint' && sd.kind !== 'logical');
indexStructureDefinitionBundle({ resourceType: 'Bundle', entry: definitions.map((resource) => ({ resource })) });

const issues = [];
let checked = 0;
for (const file of files) {
  const bundle = JSON.parse(readFileSync(file, 'utf8'));
  for (const resource of [bundle, ...bundle.entry.map((e) => e.resource)]) {
    checked += 1;
    try {
      const found = validateResource(resource) ?? [];
      for (const issue of found) {
        issues.push({ file, resource: `${resource.resourceType}/${resource.id}`, severity: issue.severity, code: issue.code, expression: (issue.expression ?? []).join(','), message: issue.details?.text ?? '' });
      }
    } catch (err) {
      const outcome = err instanceof OperationOutcomeError ? err.outcome : { issue: [{ severity: 'error', code: 'exception', details: { text: String(err) } }] };
      for (const issue of outcome.issue ?? []) {
        issues.push({ file, resource: `${resource.resourceType}/${resource.id}`, severity: issue.severity, code: issue.code, expression: (issue.expression ?? []).join(','), message: issue.details?.text ?? '' });
      }
    }
  }
}
process.stdout.write(JSON.stringify({ version, checked, issues }) + '\n');
