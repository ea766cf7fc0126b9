import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import type { ReportDto } from '../statistics.dto';
import { renderReport, type ExportFormat } from './render';

/** A render job from ExportRenderer, and what goes back. */
export interface RenderTask {
  id: number;
  report: ReportDto;
  format: ExportFormat;
}

export type RenderOutcome = { id: number; body: Uint8Array } | { id: number; error: string };

/** The nice value of this thread: rendering gets the CPU the request-serving threads leave. */
export const RENDER_THREAD_NICE = 19;

/**
 * Lowers this thread's CPU priority. On Linux, a thread id given to setpriority() names that thread
 * alone, so the main thread keeps its own. Elsewhere (no /proc/thread-self) it stays as it is.
 */
function lowerOwnPriority(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(threadId) && threadId > 0) setPriority(threadId, RENDER_THREAD_NICE);
  } catch {
    // Not Linux, or not allowed: render at normal priority.
  }
}

lowerOwnPriority();

parentPort?.on('message', (task: RenderTask) => {
  renderReport(task.report, task.format).then(
    (body) => {
      const bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
      parentPort!.postMessage({ id: task.id, body: bytes } satisfies RenderOutcome);
    },
    (error: unknown) =>
      parentPort!.postMessage({
        id: task.id,
        error: error instanceof Error ? `${error.name}: ${error.message}` : 'render failed',
      } satisfies RenderOutcome),
  );
});
