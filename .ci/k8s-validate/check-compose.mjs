// Checks docker-compose.yml where the Docker CLI has no compose plugin (`docker compose config`
// needs none of the engine but the plugin): it parses, and the stack is wired as documented,
// Prometheus' rules and Grafana's dashboard included.
// Usage: node check-compose.mjs docker-compose.yml
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

const file = process.argv[2];
const compose = yaml.load(fs.readFileSync(file, 'utf8'));
const problems = [];
const expect = (condition, message) => { if (!condition) problems.push(message); };

const services = compose?.services ?? {};
for (const name of ['postgres', 'bursar', 'prometheus', 'grafana']) expect(services[name], `service ${name} is missing`);
const { postgres = {}, bursar = {}, prometheus = {}, grafana = {} } = services;
const here = relative => path.resolve(path.dirname(file), relative);
// "./host/path:/container/path:ro" -> [host, container]
const mounts = service => (service.volumes ?? []).map(String).map(v => v.split(':')).filter(([host]) => host.startsWith('.'));
const mountedAt = (service, container) => mounts(service).find(([, target]) => target === container)?.[0];

expect(/^postgres:\d+/.test(postgres.image ?? ''), 'postgres: image must pin a major version');
expect((postgres.volumes ?? []).some(v => String(v).split(':')[0] in (compose.volumes ?? {})), 'postgres: data on a named volume');
expect(postgres.healthcheck?.test, 'postgres: healthcheck');
expect(bursar.build, 'bursar: built from the Dockerfile');
expect(bursar.depends_on?.postgres?.condition === 'service_healthy', 'bursar: waits for a healthy database');
expect(JSON.stringify(bursar.healthcheck?.test ?? '').includes('/actuator/health/readiness'), 'bursar: healthcheck on readiness');
for (const variable of ['SPRING_DATASOURCE_URL', 'SPRING_DATASOURCE_USERNAME', 'SPRING_DATASOURCE_PASSWORD', 'BURSAR_ADMIN_API_KEY']) {
  expect(bursar.environment?.[variable], `bursar: ${variable} set`);
}
expect((bursar.ports ?? []).some(p => String(p).endsWith(':8080')) && (bursar.ports ?? []).some(p => String(p).endsWith(':8081')),
  'bursar: ports 8080 and 8081');
const mount = (prometheus.volumes ?? []).map(String).find(v => v.includes('prometheus.yml'));
expect(mount, 'prometheus: configuration mounted');
if (mount) {
  const config = yaml.load(fs.readFileSync(path.resolve(path.dirname(file), mount.split(':')[0]), 'utf8'));
  const job = (config.scrape_configs ?? []).find(j => j.metrics_path === '/actuator/prometheus');
  expect(job && JSON.stringify(job.static_configs).includes('bursar:8081'), 'prometheus: scrapes bursar:8081/actuator/prometheus');
  // The alerting rules are the chart's file, mounted where rule_files points.
  for (const rules of config.rule_files ?? []) {
    const host = mountedAt(prometheus, rules);
    expect(host === './helm/bursar/files/prometheus/bursar-alerts.yml', `prometheus: ${rules} is the chart's rules file`);
    expect(host && fs.existsSync(here(host)), `prometheus: ${host} exists`);
  }
  expect((config.rule_files ?? []).length > 0, 'prometheus: rule_files loads the alerting rules');
}

expect(/^grafana\/grafana:\d+\.\d+\.\d+$/.test(grafana.image ?? ''), 'grafana: image pins a version');
expect((grafana.ports ?? []).some(p => String(p).endsWith(':3000')), 'grafana: port 3000');
expect(grafana.environment?.GF_SECURITY_ADMIN_PASSWORD?.includes('GRAFANA_ADMIN_PASSWORD'), 'grafana: admin password from .env');
const provisioning = mountedAt(grafana, '/etc/grafana/provisioning');
expect(provisioning === './deploy/grafana/provisioning', 'grafana: provisioning from deploy/grafana/provisioning');
if (provisioning) {
  const datasources = yaml.load(fs.readFileSync(here(`${provisioning}/datasources/prometheus.yml`), 'utf8'));
  expect((datasources.datasources ?? []).some(d => d.type === 'prometheus' && d.url === 'http://prometheus:9090'),
    'grafana: Prometheus data source http://prometheus:9090');
  const dashboards = yaml.load(fs.readFileSync(here(`${provisioning}/dashboards/bursar.yml`), 'utf8'));
  for (const provider of dashboards.providers ?? []) {
    const host = mountedAt(grafana, provider.options?.path);
    expect(host === './helm/bursar/files/grafana', `grafana: ${provider.options?.path} is the chart's dashboard folder`);
    expect(host && fs.existsSync(here(`${host}/bursar-dashboard.json`)), 'grafana: the dashboard file exists');
  }
  expect((dashboards.providers ?? []).length > 0, 'grafana: a dashboard provider');
}

const example = fs.readFileSync(path.resolve(path.dirname(file), '.env.example'), 'utf8');
for (const variable of ['POSTGRES_PASSWORD', 'BURSAR_ADMIN_API_KEY', 'GRAFANA_ADMIN_PASSWORD']) {
  expect(new RegExp(`^${variable}=`, 'm').test(example), `.env.example: ${variable}`);
}

if (problems.length) {
  problems.forEach(p => console.log(`PROBLEM  ${p}`));
  process.exit(1);
}
console.log(`${file}: parses; ${Object.keys(services).length} services wired as documented`);
