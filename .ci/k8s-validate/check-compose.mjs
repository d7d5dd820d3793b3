// Checks docker-compose.yml where the Docker CLI has no compose plugin (`docker compose config`
// needs none of the engine but the plugin): it parses, and the stack is wired as documented.
// Usage: node check-compose.mjs docker-compose.yml
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

const file = process.argv[2];
const compose = yaml.load(fs.readFileSync(file, 'utf8'));
const problems = [];
const expect = (condition, message) => { if (!condition) problems.push(message); };

const services = compose?.services ?? {};
for (const name of ['postgres', 'bursar', 'prometheus']) expect(services[name], `service ${name} is missing`);
const { postgres = {}, bursar = {}, prometheus = {} } = services;

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
}
const example = fs.readFileSync(path.resolve(path.dirname(file), '.env.example'), 'utf8');
for (const variable of ['POSTGRES_PASSWORD', 'BURSAR_ADMIN_API_KEY']) {
  expect(new RegExp(`^${variable}=`, 'm').test(example), `.env.example: ${variable}`);
}

if (problems.length) {
  problems.forEach(p => console.log(`PROBLEM  ${p}`));
  process.exit(1);
}
console.log(`${file}: parses; ${Object.keys(services).length} services wired as documented`);
