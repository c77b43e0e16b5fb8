/**
 * TEST-ONLY: lets a test stop this process at a named moment, so it can kill it exactly there
 * (e.g. between writing results.csv's temporary file and renaming it). Off unless the environment
 * variable CATS_DOGS_TEST_PAUSE_AT is set; then it costs one Map update per call.
 *
 *   CATS_DOGS_TEST_PAUSE_AT="atomic-write:results.csv@2,feature-append@3"
 *
 * stops the process (SIGSTOP) the 2nd time results.csv is about to be renamed into place, or the 3rd
 * time features are appended, after printing "CATS_DOGS_TEST_PAUSED <point>@<n>" on stderr (a pipe
 * write is synchronous on Linux, so the line is out before the process stops). Without "@n" the
 * first time counts. The test then sends SIGKILL (or SIGCONT).
 */
const hits = new Map<string, number>();

export const TEST_PAUSE_ENV = 'CATS_DOGS_TEST_PAUSE_AT';
export const TEST_PAUSED_MARK = 'CATS_DOGS_TEST_PAUSED';

export function testPausePoint(point: string): void {
  const spec = process.env[TEST_PAUSE_ENV];
  if (!spec || process.platform === 'win32') return;
  const n = (hits.get(point) ?? 0) + 1;
  hits.set(point, n);
  for (const item of spec.split(',')) {
    const at = item.lastIndexOf('@');
    const name = at < 0 ? item : item.slice(0, at);
    const nth = at < 0 ? 1 : Number(item.slice(at + 1));
    if (name.trim() !== point || nth !== n) continue;
    process.stderr.write(`${TEST_PAUSED_MARK} ${point}@${n} pid ${process.pid}\n`);
    process.kill(process.pid, 'SIGSTOP');
  }
}
