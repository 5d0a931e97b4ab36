/**
 * What each IPC channel does. The sender has already been checked by ipc.ts;
 * arguments are still untrusted and checked here.
 */
import { isRunId } from '../engine/history.js';
import { checkItemHistoryRequest } from '../../shared/ipc.js';
import { isOpenableLink } from './links.js';
import type { AppContext } from './context.js';
import type { IpcHandlers } from './ipc.js';
import { windowState } from './model.js';
import type { Runs } from './runs.js';
import type { setupSnoozes } from './snoozes.js';


export function setupHandlers(ctx: AppContext, runs: Runs, snoozes: ReturnType<typeof setupSnoozes>): IpcHandlers {
  const { shell } = ctx.electron;
  return {
    'backstop:get-state': () => windowState(ctx.model.state, ctx.paths.configPath, ctx.now()),
    'backstop:list-runs': () => ctx.engine.listRuns(ctx.paths.dataDir),
    'backstop:read-run': (id) => {
      // The id becomes a file name in the data folder: only the engine's own id shape passes.
      if (typeof id !== 'string' || !isRunId(id)) throw new Error(`read-run: \`id\` must be a run id like "2026-11-26T04-00-00-123Z-a1b2c3", got ${JSON.stringify(id)}`);
      return ctx.engine.readRun(ctx.paths.dataDir, id);
    },
    'backstop:run-now': async () => {
      await runs.run('manual');
    },
    'backstop:open-link': async (url) => {
      if (!isOpenableLink(url)) {
        // Untrusted, whatever the type says: an object whose `toString` is not a function makes String() throw.
        const raw: unknown = url;
        ctx.log(`refused to open ${typeof raw === 'string' ? JSON.stringify(raw.slice(0, 200)) : `a link that is not text (${typeof raw})`}: only http, https and mailto links open`);
        return false;
      }
      await shell.openExternal(url);
      return true;
    },
    'backstop:open-config': async () => {
      const problem = await shell.openPath(ctx.paths.configPath);
      if (problem) ctx.log(`could not open ${ctx.paths.configPath}: ${problem}`);
    },
    'backstop:snooze': (request) => snoozes.snooze(request),
    'backstop:unsnooze': async (resource, metric) => {
      if (typeof resource !== 'string' || typeof metric !== 'string') throw new Error('unsnooze: `resource` and `metric` must be text');
      await snoozes.unsnooze(resource, metric);
    },
    'backstop:item-history': (request) => {
      const problems = checkItemHistoryRequest(request, isRunId);
      if (problems.length > 0) throw new Error(`item-history: ${problems.join('; ')}`);
      const { resource, metric, count, endId } = request;
      return ctx.engine.itemHistory(ctx.paths.dataDir, { resource, metric }, endId === undefined ? { count } : { count, endId });
    },
  };
}
