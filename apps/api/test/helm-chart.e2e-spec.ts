import { randomBytes } from 'node:crypto';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../src/config/app-config';
import { helmBinary, helmLint, helmTemplate } from './utils/helm';
import { typeErrors } from './utils/k8s-types';

/**
 * The Helm chart in deploy/helm/survey, rendered by Helm itself (utils/helm.ts) with its default
 * values and with values-production.yaml. Every manifest is checked against the Kubernetes 1.27
 * JSON schemas that the kubernetes-models package bundles (its validators are compiled from the
 * Kubernetes OpenAPI document) and, since those schemas let unknown fields pass, against the
 * same models' TypeScript types, which do not (utils/k8s-types.ts); then against what the
 * platform needs of it.
 */

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  env?: EnvVar[];
  ports?: { name: string; containerPort: number }[];
  livenessProbe?: { httpGet: { path: string; port: string } };
  readinessProbe?: { httpGet: { path: string; port: string } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodSpec {
  securityContext?: Record<string, unknown>;
  containers: Container[];
  volumes?: { name: string; emptyDir?: unknown }[];
  automountServiceAccountToken?: boolean;
}
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // Each kind has its own spec; the tests read the parts they check.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec: any;
}

const SECRET_VARIABLES = ['DATABASE_URL', 'MASTER_KEY', 'BLIND_INDEX_KEY', 'JWT_SECRET'];

type Model = new (data: unknown) => { validate(): void };

/** The kubernetes-models class of a manifest's apiVersion and kind; throws when there is none. */
function modelFor(manifest: Pick<Manifest, 'apiVersion' | 'kind'>): Model {
  // The module path is the apiVersion: kubernetes-models/apps/v1, kubernetes-models/v1, …
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const group = require(`kubernetes-models/${manifest.apiVersion}`) as Record<string, Model | undefined>;
  const model = group[manifest.kind];
  if (!model) throw new Error(`no schema for ${manifest.apiVersion} ${manifest.kind}`);
  return model;
}

function validate(manifest: Manifest): void {
  const Kind = modelFor(manifest);
  new Kind(manifest).validate();
}

function render(values: string[]): Manifest[] {
  return parseAllDocuments(helmTemplate(values))
    .map((doc) => doc.toJS() as Manifest | null)
    .filter((doc): doc is Manifest => doc !== null);
}

const pick = (manifests: Manifest[], kind: string, suffix: string): Manifest => {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name.endsWith(suffix));
  if (!found) throw new Error(`no ${kind} named *${suffix}`);
  return found;
};
const podOf = (workload: Manifest): PodSpec => workload.spec.template.spec as PodSpec;
const envOf = (container: Container): Map<string, EnvVar> =>
  new Map((container.env ?? []).map((variable) => [variable.name, variable]));
const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

/** A stand-in for each Secret key, so a container's environment can be given to loadConfig. */
function secretValue(key: string): string {
  if (/DATABASE.*URL/.test(key)) return 'postgres://survey:pw@db.internal:5432/survey';
  if (key === 'SMTP_URL') return 'smtp://mail.internal:587';
  if (key === 'JWT_SECRET') return randomBytes(40).toString('hex');
  return randomBytes(32).toString('base64');
}
function resolvedEnv(container: Container): Record<string, string> {
  return Object.fromEntries(
    (container.env ?? []).map((variable) => [
      variable.name,
      variable.value ?? secretValue(variable.valueFrom!.secretKeyRef!.key),
    ]),
  );
}

beforeAll(() => {
  helmBinary();
}, 300_000);

describe.each([
  ['default', [] as string[], 'survey-secrets'],
  ['production', ['values-production.yaml'], 'survey-production'],
])('the Helm chart with %s values', (_name, values, secretName) => {
  let manifests: Manifest[];
  beforeAll(() => {
    manifests = render(values);
  }, 120_000);

  it('passes helm lint --strict', () => {
    expect(helmLint(values)).toContain('0 chart(s) failed');
  });

  it('renders only manifests that are valid against the Kubernetes schemas', () => {
    const kinds = manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort();
    expect(kinds).toEqual(
      expect.arrayContaining([
        'Deployment/survey-api',
        'Deployment/survey-worker',
        'HorizontalPodAutoscaler/survey-api',
        'Job/survey-migrate',
        'NetworkPolicy/survey-api',
        'NetworkPolicy/survey-migrate',
        'NetworkPolicy/survey-worker',
        'PodDisruptionBudget/survey-api',
        'PodDisruptionBudget/survey-worker',
        'Service/survey-api',
      ]),
    );
    for (const manifest of manifests) {
      expect(() => validate(manifest)).not.toThrow();
    }
  });

  it('has no field that the Kubernetes types do not define (a misspelt field fails)', () => {
    expect(typeErrors(manifests)).toEqual([]);
  }, 60_000);

  it('runs the API and the worker from one image, as ROLE=api and ROLE=worker, with probes and resources', () => {
    const api = podOf(pick(manifests, 'Deployment', '-api')).containers[0];
    const worker = podOf(pick(manifests, 'Deployment', '-worker')).containers[0];
    expect(worker.image).toBe(api.image);
    expect(envOf(api).get('ROLE')?.value).toBe('api');
    expect(envOf(worker).get('ROLE')?.value).toBe('worker');
    for (const container of [api, worker]) {
      expect(container.livenessProbe?.httpGet.path).toBe('/health/live');
      expect(container.readinessProbe?.httpGet.path).toBe('/health/ready');
      const port = container.ports?.find((p) => p.name === container.readinessProbe?.httpGet.port);
      expect(String(port?.containerPort)).toBe(envOf(container).get('PORT')?.value);
      expect(container.resources?.requests).toEqual(expect.objectContaining({ cpu: expect.anything() }));
      expect(container.resources?.limits).toEqual(expect.objectContaining({ memory: expect.anything() }));
    }
  });

  it('runs every pod as non-root on a read-only root filesystem, writing only to emptyDir volumes', () => {
    const workloads = manifests.filter((m) => ['Deployment', 'Job'].includes(m.kind));
    expect(workloads).toHaveLength(3);
    for (const workload of workloads) {
      const pod = podOf(workload);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: expect.any(Number) });
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const container of pod.containers) {
        expect(container.securityContext).toMatchObject({
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        });
        const dataDir = envOf(container).get('DATA_DIR')?.value;
        const mounts = (container.volumeMounts ?? []).map((mount) => mount.mountPath).sort();
        expect(mounts).toEqual([dataDir, '/tmp'].sort());
        for (const mount of container.volumeMounts ?? []) {
          expect(pod.volumes?.find((volume) => volume.name === mount.name)?.emptyDir).toBeDefined();
        }
      }
    }
  });

  it(`takes every secret from the existing Secret ${secretName}, never from a value in the chart`, () => {
    for (const workload of manifests.filter((m) => ['Deployment', 'Job'].includes(m.kind))) {
      const env = envOf(podOf(workload).containers[0]);
      for (const name of SECRET_VARIABLES) {
        expect(env.get(name)).toEqual({
          name,
          valueFrom: { secretKeyRef: expect.objectContaining({ name: secretName, optional: false }) },
        });
      }
      for (const variable of env.values()) {
        if (variable.value === undefined) expect(variable.valueFrom?.secretKeyRef?.name).toBe(secretName);
      }
    }
    expect(manifests.some((m) => m.kind === 'Secret')).toBe(false);
  });

  it("gives each role an environment that the API's own validation accepts", () => {
    for (const workload of manifests.filter((m) => ['Deployment', 'Job'].includes(m.kind))) {
      const config = loadConfig(resolvedEnv(podOf(workload).containers[0]));
      expect(config).toMatchObject({ env: 'production', host: '0.0.0.0', dataDir: '/app/var' });
      expect(config.secrets.source).toBe('environment');
    }
  });

  it('runs the migration Job before install and upgrade, with the built migration command', () => {
    const job = pick(manifests, 'Job', '-migrate');
    expect(job.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(podOf(job).containers[0].command).toEqual(['node', 'dist/apps/api/apps/api/src/database/migrate-cli.js']);
    const policy = pick(manifests, 'NetworkPolicy', '-migrate');
    expect(Number(policy.metadata.annotations?.['helm.sh/hook-weight'])).toBeLessThan(
      Number(job.metadata.annotations?.['helm.sh/hook-weight']),
    );
  });

  it('points every Service, budget, autoscaler and network policy at pods it renders', () => {
    const pods = manifests
      .filter((m) => ['Deployment', 'Job'].includes(m.kind))
      .map((m) => ({ name: m.metadata.name, labels: m.spec.template.metadata.labels as Record<string, string> }));
    const selected = (selector: Record<string, string>) => pods.filter((pod) => matches(selector, pod.labels));
    expect(selected(pick(manifests, 'Service', '-api').spec.selector).map((p) => p.name)).toEqual(['survey-api']);
    expect(selected(pick(manifests, 'PodDisruptionBudget', '-api').spec.selector.matchLabels)).toHaveLength(1);
    expect(selected(pick(manifests, 'PodDisruptionBudget', '-worker').spec.selector.matchLabels)).toHaveLength(1);
    for (const policy of manifests.filter((m) => m.kind === 'NetworkPolicy')) {
      expect(selected(policy.spec.podSelector.matchLabels)).toHaveLength(1);
      expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    }
    const hpa = pick(manifests, 'HorizontalPodAutoscaler', '-api');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'survey-api' });
    expect(pick(manifests, 'Deployment', '-api').spec.replicas).toBeUndefined();
  });
});

describe('the Helm chart with production values', () => {
  let manifests: Manifest[];
  beforeAll(() => {
    manifests = render(['values-production.yaml']);
  }, 120_000);

  it('sends the API through the pooler and the worker and migrations over a session connection', () => {
    const key = (suffix: string, kind = 'Deployment') =>
      envOf(podOf(pick(manifests, kind, suffix)).containers[0]).get('DATABASE_URL')?.valueFrom?.secretKeyRef?.key;
    expect(key('-api')).toBe('DATABASE_URL');
    expect(key('-worker')).toBe('DATABASE_SESSION_URL');
    expect(key('-migrate', 'Job')).toBe('DATABASE_SESSION_URL');
    const api = envOf(podOf(pick(manifests, 'Deployment', '-api')).containers[0]);
    expect(api.get('DB_PREPARED_STATEMENTS')?.value).toBe('false');
  });

  it('keeps metrics off the public Service and Ingress, and lets only the named namespaces in', () => {
    expect(pick(manifests, 'Service', '-api').spec.ports.map((p: { name: string }) => p.name)).toEqual(['http']);
    const ingress = pick(manifests, 'Ingress', 'survey');
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'survey-api', port: { name: 'http' } });
    expect(ingress.spec.tls[0].secretName).toBeTruthy();
    const policy = pick(manifests, 'NetworkPolicy', '-api');
    for (const rule of policy.spec.ingress) expect(rule.from.length).toBeGreaterThan(0);
    for (const rule of policy.spec.egress) expect(rule.to.length).toBeGreaterThan(0);
  });
});

describe('the schema check', () => {
  it('rejects a manifest that departs from the Kubernetes schema', () => {
    const [deployment] = render([]).filter((m) => m.kind === 'Deployment');
    const wrongType = structuredClone(deployment);
    wrongType.spec.template.spec.containers[0].ports[0].containerPort = 'http';
    expect(() => validate(wrongType)).toThrow(/containerPort must be integer/);
    const missing = structuredClone(deployment);
    delete missing.spec.selector;
    expect(() => validate(missing)).toThrow(/selector/);
    expect(() => modelFor({ apiVersion: 'apps/v1', kind: 'Deploymnet' })).toThrow('no schema');
  });

  it('rejects a field the Kubernetes types do not define, which the schemas let pass', () => {
    const [deployment] = render([]).filter((m) => m.kind === 'Deployment');
    const misspelt = structuredClone(deployment);
    const container = misspelt.spec.template.spec.containers[0];
    container.readinessprobe = container.readinessProbe;
    delete container.readinessProbe;
    expect(() => validate(misspelt)).not.toThrow();
    const errors = typeErrors([misspelt]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^Deployment survey-api: .*readinessprobe.* does not exist in type 'IContainer'/);
  }, 60_000);
});
