import { createServer, type Server } from 'node:http';
import type { JobQueue } from '../jobs/job-queue';
import type { HealthService } from './health.service';

/**
 * The only HTTP a worker process (ROLE=worker) serves: liveness and readiness for its probes,
 * on PORT, the same paths and answers as the API's. Everything else is 404: a worker serves no
 * API. Ready means the database answers and the job runners are running.
 */
export function startWorkerHealth(
  health: HealthService,
  queue: JobQueue,
  { port, host }: { port: number; host: string },
): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const answer = (status: number, body: object, type = 'application/json') => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', Connection: 'close' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(405, { status: 405, title: 'Method Not Allowed' });
    if (path === '/health/live') return answer(200, { status: 'ok', time: new Date().toISOString() });
    if (path === '/health/ready') {
      const problem = (detail: string) =>
        answer(
          503,
          { type: 'about:blank', title: 'Service Unavailable', status: 503, detail },
          'application/problem+json',
        );
      if (health.draining || queue.stopping) return problem('The worker is shutting down.');
      if (!queue.running) return problem('The job runners are not running.');
      void health
        .isDatabaseUp()
        .then((up) =>
          up ? answer(200, { status: 'ok', checks: { database: 'up' } }) : problem('The database is not reachable.'),
        );
      return;
    }
    answer(
      404,
      { type: 'about:blank', title: 'Not Found', status: 404, detail: 'A worker serves no API.' },
      'application/problem+json',
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
