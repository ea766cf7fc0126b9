import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { JobQueue } from '../src/jobs/job-queue';
import { waitUntil } from '../src/jobs/wait-until';
import { checkPage, desktopPage, signIn, startConsole, type Console } from './utils/analyst-browser';
import { dataOf } from './utils/client';
import { FLAKY_TASK, jobProbe, JobProbeModule } from './utils/job-probe';
import { newStaff, sessionFor } from './utils/staff';

/** Failed jobs beyond one page (20), so the page's pagination shows. */
const FAILED = 22;

/**
 * The administrator's page of failed background jobs (the dead-letter list), in Chromium:
 * GET /jobs/failed a page at a time, POST /jobs/{id}/retry from the Retry button.
 */
describe('the staff console’s failed jobs page in Chromium', () => {
  let c: Console;

  beforeAll(async () => {
    c = await startConsole({}, { imports: [JobProbeModule] });
    jobProbe.flakyFailing = true;
    const dataSource = c.t.app.get(DataSource);
    await dataSource.transaction(async (tx) => {
      for (let n = 0; n < FAILED; n++) {
        await c.t.app.get(JobQueue).enqueue(tx, { task: FLAKY_TASK, payload: { n }, maxAttempts: 1 });
      }
    });
    const admin = await sessionFor(c.t.app, await newStaff(c.t.app, StaffRole.Admin, { totp: true }));
    await waitUntil(
      async () =>
        (await dataOf(c.t.api({ staff: admin }).GET('/api/v1/jobs/failed', { params: { query: {} } }))).meta.total ===
        FAILED,
      { timeoutMs: 60_000 },
    );
  }, 120_000);

  afterAll(async () => {
    await c?.close();
  });

  it('an administrator pages through the failed jobs and runs one again once its cause is fixed', async () => {
    const admin = await newStaff(c.t.app, StaffRole.Admin);
    const w = await desktopPage(c.browser);
    const { page } = w;
    await signIn(page, c.origin, admin);
    await page.getByRole('link', { name: 'Failed jobs' }).click();
    await page.getByRole('heading', { level: 1, name: 'Failed background jobs' }).waitFor();
    const table = page.getByTestId('failed-jobs');
    await table.getByRole('row').nth(20).waitFor();
    // A header row and one page of twenty, each with its task, attempts and the error's phrase only.
    await expect(table.getByRole('row').count()).resolves.toBe(21);
    const first = table.getByRole('row').nth(1);
    await first.getByText(FLAKY_TASK).waitFor();
    await first.getByText('1 of 1').waitFor();
    await first.getByRole('cell', { name: 'Error', exact: true }).waitFor();
    await expect(table.textContent()).resolves.not.toContain('the cause is not fixed yet');
    expect(await checkPage(page, 'admin-failed-jobs')).toEqual([]);

    await page.getByRole('button', { name: /next/i }).click();
    await page.getByText('Page 2 of 2').first().waitFor();
    await waitUntil(async () => (await table.getByRole('row').count()) === 1 + FAILED - 20, { timeoutMs: 15_000 });

    // The cause is fixed; the job runs again and leaves the list.
    jobProbe.flakyFailing = false;
    const retry = table
      .getByRole('row')
      .nth(1)
      .getByRole('button', { name: /^Retry job \d+ \(test\.flaky\)$/ });
    await retry.click();
    await page.getByText(`The job ${FLAKY_TASK} was queued to run again.`).waitFor();
    await waitUntil(async () => jobProbe.flakyDone.length === 1, { timeoutMs: 30_000 });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Failed background jobs' }).waitFor();
    await page.getByText(`Page 1 of 2 · ${FAILED - 1} in all`).waitFor();

    expect(w.requested.filter((url) => !url.startsWith(`${c.origin}/`))).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
    await w.close();
  }, 120_000);
});
