// Turns every PromQL query of a Grafana dashboard into a recording rule, so that
// `promtool check rules` parses them with Prometheus' own parser. Grafana's variables are replaced
// by sample values first ($__rate_interval and friends by a duration, the others by a word).
// The dashboard's metric names are checked against the service by ObservabilityAssetsIT.
// Usage: node dashboard-queries.mjs dashboard.json > rules.yml  (JSON is YAML)
import fs from 'node:fs';

const dashboard = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const rules = [];
const visit = panels => {
  for (const panel of panels ?? []) {
    visit(panel.panels);
    for (const target of panel.targets ?? []) {
      if (!target.expr) continue;
      const expr = target.expr
        .replace(/\$\{?__(rate_interval|interval|range)\}?/g, '5m')
        .replace(/\$\{(\w+)(:\w+)?\}|\$(\w+)/g, 'x');
      rules.push({ record: `dashboard:panel_${panel.id}:${target.refId}`, expr });
    }
  }
};
visit(dashboard.panels);
if (rules.length === 0) {
  console.error(`${process.argv[2]}: no queries found`);
  process.exit(1);
}
console.log(JSON.stringify({ groups: [{ name: `dashboard ${dashboard.uid}`, rules }] }, null, 2));
