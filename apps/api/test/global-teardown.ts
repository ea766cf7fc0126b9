import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const embedded = globalThis.__TEST_POSTGRES__;
  if (!embedded) return;
  await embedded.server?.stop();
  if (embedded.dataDir) rmSync(embedded.dataDir, { recursive: true, force: true });
}
