// Checks the chart's monitoring objects as rendered by `helm template`: the Grafana dashboard
// ConfigMap carries exactly files/grafana/bursar-dashboard.json, and the PrometheusRule carries
// the alerts of files/prometheus/bursar-alerts.yml; writes that PrometheusRule's spec as a rules
// file, for `promtool check rules`.
// Usage: node check-monitoring.mjs rendered.yaml dashboard.json alerts.yml rendered-rules-out.yml
import fs from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import yaml from 'js-yaml';

const [rendered, dashboardFile, rulesFile, rulesOut] = process.argv.slice(2);
const manifests = yaml.loadAll(fs.readFileSync(rendered, 'utf8')).filter(Boolean);
const problems = [];
const expect = (condition, message) => { if (!condition) problems.push(message); };

const dashboards = manifests.filter(m => m.kind === 'ConfigMap' && m.data?.['bursar-dashboard.json']);
expect(dashboards.length === 1, `${rendered}: one dashboard ConfigMap (found ${dashboards.length})`);
for (const configMap of dashboards) {
  const shipped = JSON.parse(configMap.data['bursar-dashboard.json']);
  expect(isDeepStrictEqual(shipped, JSON.parse(fs.readFileSync(dashboardFile, 'utf8'))),
    `${configMap.metadata.name}: carries ${dashboardFile} unchanged`);
  expect(configMap.metadata.labels?.grafana_dashboard === '1', `${configMap.metadata.name}: grafana_dashboard label`);
}

const alertNames = groups => groups.flatMap(g => g.rules ?? []).map(r => r.alert).filter(Boolean).sort();
const expected = alertNames(yaml.load(fs.readFileSync(rulesFile, 'utf8')).groups ?? []);
const rules = manifests.filter(m => m.kind === 'PrometheusRule');
expect(rules.length === 1, `${rendered}: one PrometheusRule (found ${rules.length})`);
for (const rule of rules) {
  expect(isDeepStrictEqual(alertNames(rule.spec?.groups ?? []), expected),
    `${rule.metadata.name}: the alerts of ${rulesFile}`);
  fs.writeFileSync(rulesOut, yaml.dump(rule.spec));
}

if (problems.length) {
  problems.forEach(p => console.log(`PROBLEM  ${p}`));
  process.exit(1);
}
console.log(`${rendered}: dashboard ConfigMap and PrometheusRule (${expected.length} alerts) carry the chart's files`);
