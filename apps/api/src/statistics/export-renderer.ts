import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ExportFormat } from './exports/render';
import type { RenderOutcome, RenderTask } from './exports/render.worker';
import type { ReportDto } from './statistics.dto';

/**
 * Loads the worker from the TypeScript sources when the API runs unbuilt (tests): TypeScript's
 * transpiler behind `require`, and the tsconfig path aliases, which the build rewrites.
 */
const TS_WORKER_LOADER = `
const { workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const ts = require('typescript');
const paths = require('tsconfig-paths');
const tsconfig = paths.loadConfig(workerData.root);
paths.register({ baseUrl: tsconfig.absoluteBaseUrl, paths: tsconfig.paths });
require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
    },
  });
  module._compile(outputText, filename);
};
require(workerData.entry);
`;

interface Pending {
  resolve: (body: Buffer) => void;
  reject: (error: Error) => void;
}

interface RenderThread {
  worker: Worker;
  pending: Map<number, Pending>;
}

/**
 * Renders report exports (PDF, XLSX, CSV) in worker threads. A PDF takes seconds of CPU (fonts,
 * layout); on the main thread it would stall every other request of the process, respondents'
 * included, for as long. Threads start on first use and stop with the application; one that
 * dies fails its jobs and is replaced at the next export.
 */
@Injectable()
export class ExportRenderer implements OnApplicationShutdown {
  private readonly threads: Array<RenderThread | undefined>;
  private nextTask = 0;

  constructor() {
    // One core stays with the main thread (and PostgreSQL, when it runs on the same host).
    this.threads = new Array<RenderThread | undefined>(Math.min(2, Math.max(1, availableParallelism() - 1)));
  }

  render(report: ReportDto, format: ExportFormat): Promise<Buffer> {
    const id = ++this.nextTask;
    const thread = this.thread(id % this.threads.length);
    return new Promise<Buffer>((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      // A thread with work keeps the process alive; an idle one does not hold up its exit.
      thread.worker.ref();
      thread.worker.postMessage({ id, report, format } satisfies RenderTask);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const running = this.threads.filter((thread): thread is RenderThread => thread !== undefined);
    this.threads.fill(undefined);
    await Promise.all(running.map((thread) => thread.worker.terminate()));
  }

  private thread(slot: number): RenderThread {
    const existing = this.threads[slot];
    if (existing) return existing;
    const entry = join(__dirname, 'exports', `render.worker${__filename.endsWith('.ts') ? '.ts' : '.js'}`);
    const worker = entry.endsWith('.ts')
      ? new Worker(TS_WORKER_LOADER, { eval: true, workerData: { entry, root: join(__dirname, '../../../..') } })
      : new Worker(entry);
    const thread: RenderThread = { worker, pending: new Map() };
    worker.on('message', (outcome: RenderOutcome) => {
      const waiting = thread.pending.get(outcome.id);
      if (!waiting) return;
      thread.pending.delete(outcome.id);
      if (thread.pending.size === 0) worker.unref();
      if ('error' in outcome) waiting.reject(new Error(`Rendering the export failed: ${outcome.error}`));
      else waiting.resolve(Buffer.from(outcome.body.buffer, outcome.body.byteOffset, outcome.body.byteLength));
    });
    const fail = (error: Error) => {
      if (this.threads[slot] === thread) this.threads[slot] = undefined;
      for (const waiting of thread.pending.values()) waiting.reject(error);
      thread.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`The export renderer stopped (exit code ${code}).`)));
    worker.unref();
    this.threads[slot] = thread;
    return thread;
  }
}
