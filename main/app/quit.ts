/**
 * Quitting (the tray's Quit, Cmd+Q, closing the window that stands in for a
 * tray, the session ending): nothing new starts, and a run in flight is
 * stopped first, so its checks' process groups are killed (they are detached
 * and would outlive the app) and the cut-short run is still saved. Then the
 * app quits for real.
 */
import type { AppContext } from './context.js';
import type { Runs } from './runs.js';

export function setupQuit(ctx: Pick<AppContext, 'electron' | 'log'>, runs: Pick<Runs, 'running' | 'stop'>, close: (() => void)[]): void {
  const { app } = ctx.electron;
  let closed = false;
  let stopping = false;
  app.on('before-quit', (event) => {
    if (!closed) {
      closed = true;
      // The schedule and the config watcher first: no run starts while the last one stops.
      for (const feature of close) feature();
    }
    if (!runs.running) return;
    // Quit again while the run stops (an impatient second click): still not before it has stopped.
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    void runs
      .stop()
      .catch((error: unknown) => ctx.log(`quitting: the run did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        stopping = false;
        app.quit();
      });
  });
}
