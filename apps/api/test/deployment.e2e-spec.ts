import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { parse } from 'yaml';
import { loadConfig } from '../src/config/app-config';
import { EnvironmentVariables } from '../src/config/environment';

const root = join(__dirname, '../../..');

interface ComposeService {
  build?: { target: string };
  image?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: string | number };
  ports?: string[];
  volumes?: string[];
}

/** Replaces `${NAME}`, `${NAME:?msg}` and `${NAME:-default}` as docker compose would. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_all, name: string, kind?: string, rest?: string) => {
    if (env[name] !== undefined) return env[name];
    if (kind === '-') return rest ?? '';
    throw new Error(`${name} is required: ${rest}`);
  });
}

describe('docker-compose.yml', () => {
  // Merge keys (`<<: *app-environment`), as docker compose reads them.
  const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

  it('runs PostgreSQL, the API, the worker and each SPA as separate services built from the Dockerfile', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['analyst', 'api', 'postgres', 'respondent', 'worker']);
    for (const [name, target] of Object.entries({
      api: 'api',
      worker: 'api',
      analyst: 'analyst',
      respondent: 'respondent',
    })) {
      expect(compose.services[name].build?.target).toBe(target);
      expect(dockerfile).toMatch(new RegExp(`^FROM .+ AS ${target}$`, 'm'));
    }
  });

  it('runs API replicas (ROLE=api) and a worker (ROLE=worker) with otherwise the same settings', () => {
    const { api, worker } = compose.services;
    expect(api.environment?.ROLE).toBe('api');
    expect(worker.environment?.ROLE).toBe('worker');
    expect({ ...worker.environment, ROLE: 'api' }).toEqual(api.environment);
    expect(Number(interpolate(String(api.deploy?.replicas), {}))).toBeGreaterThanOrEqual(2);
    // Replicas cannot share a host port; they are reached through the SPAs' nginx.
    expect(api.ports).toBeUndefined();
    expect(worker.volumes).toEqual(api.volumes);
  });

  it("spreads the SPAs' API requests over every replica, following them as they come and go", () => {
    const proxy = readFileSync(join(root, 'docker/nginx/api-proxy.conf'), 'utf8');
    expect(proxy).toMatch(/^resolver 127\.0\.0\.11 valid=\d+s/m);
    expect(proxy).toMatch(/^set \$api_upstream http:\/\/api:3000;$/m);
    const passes = proxy.match(/proxy_pass \S+;/g) ?? [];
    expect(passes.length).toBeGreaterThanOrEqual(2);
    expect(new Set(passes)).toEqual(new Set(['proxy_pass $api_upstream;']));
  });

  it('lets only the questionnaire preview be framed, by its own origin (the analyst app proxies it)', () => {
    const nginx = (name: string) => readFileSync(join(root, 'docker/nginx', name), 'utf8');
    const strict = nginx('security-headers.conf');
    const frameable = nginx('security-headers-frameable.conf');
    expect(strict).toContain("frame-ancestors 'none'");
    expect(strict).toContain('X-Frame-Options "DENY"');
    // The same policy otherwise, directive for directive.
    const headers = (conf: string) => conf.split('\n').filter((line) => line.startsWith('add_header'));
    expect(headers(frameable)).toEqual(
      headers(strict).map((line) =>
        line.replace("frame-ancestors 'none'", "frame-ancestors 'self'").replace('"DENY"', '"SAMEORIGIN"'),
      ),
    );
    const respondent = nginx('respondent.conf');
    expect(respondent.match(/security-headers-frameable\.conf/g)).toHaveLength(1);
    expect(respondent).toMatch(
      /location ~ \^\/r\/preview\/\?\$ \{\n\s+include \/etc\/nginx\/snippets\/security-headers-frameable\.conf;/,
    );
    expect(nginx('analyst.conf')).toMatch(/location \/r\/ \{\n\s+proxy_pass http:\/\/respondent:8080;/);
    expect(dockerfile).toContain('COPY docker/nginx/security-headers-frameable.conf /etc/nginx/snippets/');
    expect(compose.services.analyst.depends_on).toHaveProperty('respondent');
  });

  it.each(['api', 'worker'])(
    "gives the %s a production configuration that the API's own validation accepts",
    (service) => {
      const key = () => randomBytes(32).toString('base64');
      const dotenv = {
        POSTGRES_PASSWORD: 'pw',
        MASTER_KEY: key(),
        BLIND_INDEX_KEY: key(),
        JWT_SECRET: randomBytes(40).toString('hex'),
      };
      const environment = Object.fromEntries(
        Object.entries(compose.services[service].environment ?? {}).map(([name, value]) => [
          name,
          interpolate(String(value), dotenv),
        ]),
      );
      const config = loadConfig(environment);
      expect(config).toMatchObject({ env: 'production', host: '0.0.0.0', port: 3000, trustProxy: true });
      expect(config.databaseUrl).toBe('postgres://survey:pw@postgres:5432/survey');
      expect(config.secrets.source).toBe('environment');
    },
  );

  it('refuses to interpolate without the secrets, so nothing secret has a default', () => {
    const api = compose.services.api.environment ?? {};
    for (const name of ['MASTER_KEY', 'BLIND_INDEX_KEY', 'JWT_SECRET']) {
      expect(() => interpolate(String(api[name]), {})).toThrow(name);
    }
  });
});

describe('README.md', () => {
  it('documents every environment variable the API reads', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const variables = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(EnvironmentVariables, '', true, false)
        .map((metadata) => metadata.propertyName),
    );
    expect(variables.size).toBeGreaterThan(10);
    const undocumented = [...variables].filter((name) => !new RegExp(`^\\|\\s*\`${name}\`\\s*\\|`, 'm').test(readme));
    expect(undocumented).toEqual([]);
  });
});
