// Validates Kubernetes manifests (as rendered by `helm template`) against the schemas of the
// Kubernetes API (kubernetes-models) and of the Prometheus Operator (ServiceMonitor, PrometheusRule).
// Offline: no cluster needed. Usage: node validate-manifests.mjs rendered.yaml [more.yaml ...]
import fs from 'node:fs';
import yaml from 'js-yaml';

const modules = {
  '': 'kubernetes-models',
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
};

async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const module = modules[group] ?? 'kubernetes-models';
  const path = group ? `${group}/${version}` : version;
  const loaded = await import(`${module}/${path}/${kind}`);
  return loaded[kind] ?? loaded.default;
}

let failures = 0;
let checked = 0;
for (const file of process.argv.slice(2)) {
  for (const manifest of yaml.loadAll(fs.readFileSync(file, 'utf8'))) {
    if (!manifest) continue;
    const name = `${file}: ${manifest.kind}/${manifest.metadata?.name}`;
    try {
      const Model = await modelFor(manifest.apiVersion, manifest.kind);
      new Model(manifest).validate();
      checked++;
      console.log(`valid    ${name}`);
    } catch (error) {
      failures++;
      console.log(`INVALID  ${name}: ${error.message}`);
    }
  }
}
console.log(`${checked} manifests valid, ${failures} invalid`);
process.exit(failures === 0 && checked > 0 ? 0 : 1);
