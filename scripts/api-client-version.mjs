#!/usr/bin/env node
// The version of the installable API client (libs/api-client/package.json) follows the spec it
// was generated from: `<API major>.<API minor>.<patch>`, the patch going up whenever
// openapi/openapi.json changes. The package records the spec's SHA-256 next to its version, so
// that the drift check (`npm run openapi:check`) can tell a changed spec whose package version
// did not change. `npm run openapi` records it; nobody edits the version by hand.
//
//   node scripts/api-client-version.mjs record [package.json] [openapi.json]
//   node scripts/api-client-version.mjs check  [package.json] [openapi.json]
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
export const CLIENT_PACKAGE = resolve(root, 'libs/api-client/package.json');
export const SPEC = resolve(root, 'openapi/openapi.json');

const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/;

function specFacts(specText) {
  const apiVersion = JSON.parse(specText)?.info?.version;
  const parts = SEMVER.exec(apiVersion ?? '');
  if (!parts) throw new Error(`openapi.json: info.version ${JSON.stringify(apiVersion)} is not major.minor.patch`);
  return {
    apiVersion,
    line: `${parts[1]}.${parts[2]}`,
    sha256: createHash('sha256').update(specText).digest('hex'),
  };
}

/** The package.json object for this spec: unchanged when it already records it, else a new version. */
export function recordSpec(pkg, specText) {
  const spec = specFacts(specText);
  const current = SEMVER.exec(pkg.version ?? '');
  const sameLine = current !== null && `${current[1]}.${current[2]}` === spec.line;
  if (sameLine && pkg.openapi?.sha256 === spec.sha256 && pkg.openapi?.apiVersion === spec.apiVersion) return pkg;
  const version = sameLine ? `${spec.line}.${Number(current[3]) + 1}` : `${spec.line}.0`;
  return { ...pkg, version, openapi: { apiVersion: spec.apiVersion, sha256: spec.sha256 } };
}

/** Why the package's version does not belong to this spec, or undefined when it does. */
export function versionProblem(pkg, specText) {
  const spec = specFacts(specText);
  const current = SEMVER.exec(pkg.version ?? '');
  if (!current) return `its version ${JSON.stringify(pkg.version)} is not major.minor.patch`;
  if (pkg.openapi?.sha256 !== spec.sha256) {
    return `version ${pkg.version} was made for another openapi.json: the spec changed, so its version must too`;
  }
  if (`${current[1]}.${current[2]}` !== spec.line || pkg.openapi?.apiVersion !== spec.apiVersion) {
    return `version ${pkg.version} does not follow the API's version ${spec.apiVersion} (major.minor)`;
  }
  return undefined;
}

export function readPackage(file = CLIENT_PACKAGE) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

export function writePackage(pkg, file = CLIENT_PACKAGE) {
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const [command, packageFile = CLIENT_PACKAGE, specFile = SPEC] = process.argv.slice(2);
  const pkg = readPackage(packageFile);
  const specText = readFileSync(specFile, 'utf8');
  if (command === 'record') {
    const next = recordSpec(pkg, specText);
    if (next !== pkg) writePackage(next, packageFile);
    console.log(next === pkg ? `version ${pkg.version} (spec unchanged)` : `version ${pkg.version} -> ${next.version}`);
  } else if (command === 'check') {
    const problem = versionProblem(pkg, specText);
    if (problem) {
      console.error(`${packageFile}: ${problem}. Run npm run openapi and commit.`);
      process.exit(1);
    }
    console.log(`version ${pkg.version} matches the spec`);
  } else {
    console.error('Usage: api-client-version.mjs record|check [package.json] [openapi.json]');
    process.exit(2);
  }
}
