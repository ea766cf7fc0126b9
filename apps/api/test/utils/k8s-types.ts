import { join } from 'node:path';
import * as ts from 'typescript';

const root = join(__dirname, '../../../..');
/** Never written to disk: the compiler host below serves it from memory. */
const VIRTUAL = join(root, 'apps/api/test/k8s-manifests.virtual.ts');

/**
 * The JSON schemas of Kubernetes allow fields they do not define, so a misspelt optional field
 * (`readinessprobe`) passes them. This check types each manifest as an object literal of
 * kubernetes-models' interface for its kind (`IDeployment`, …) and lets the TypeScript compiler
 * report what does not fit, unknown fields included. Returns the compiler's messages.
 */
export function typeErrors(manifests: { apiVersion: string; kind: string }[]): string[] {
  const text = manifests
    .map(
      (manifest, i) =>
        `export const m${i}: import('kubernetes-models/${manifest.apiVersion}').I${manifest.kind} = ` +
        `${JSON.stringify(manifest)};`,
    )
    .join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) =>
    name === VIRTUAL ? ts.createSourceFile(name, text, language) : getSourceFile.call(host, name, language, ...rest);
  host.fileExists = (name) => name === VIRTUAL || fileExists.call(host, name);
  host.readFile = (name) => (name === VIRTUAL ? text : readFile.call(host, name));
  const program = ts.createProgram([VIRTUAL], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where =
      diagnostic.file && diagnostic.start !== undefined
        ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
        : null;
    const manifest = where && diagnostic.file?.fileName === VIRTUAL ? manifests[where.line] : null;
    const prefix = manifest
      ? `${manifest.kind} ${(manifest as { metadata?: { name?: string } }).metadata?.name}: `
      : '';
    return prefix + ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
  });
}
