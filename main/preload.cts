/**
 * The one bridge between the results window and the main process: `window.backstop`.
 *
 * This file is CommonJS (`.cts`) because a sandboxed preload cannot be an ES
 * module, and it may only `require('electron')` — so it imports nothing else at
 * run time. The channel names are checked against shared/ipc.ts by the compiler.
 */
// The preload is the one renderer-side file allowed to use electron (see eslint.config.js: main/preload.*).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { BackstopBridge, EventChannel, EventChannels, InvokeArgs, InvokeChannel, InvokeResult } from '../shared/ipc.js';

function invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<InvokeResult<C>> {
  return ipcRenderer.invoke(channel, ...args) as Promise<InvokeResult<C>>;
}

function subscribe<C extends EventChannel>(channel: C, listener: (payload: EventChannels[C]) => void): () => void {
  // Never hand the window the event object: it carries `sender`, a way back into ipcRenderer.
  const wrapped = (_event: IpcRendererEvent, payload: EventChannels[C]) => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}

const bridge: BackstopBridge = {
  getState: () => invoke('backstop:get-state'),
  listRuns: () => invoke('backstop:list-runs'),
  readRun: (id) => invoke('backstop:read-run', String(id)),
  runNow: () => invoke('backstop:run-now'),
  openLink: (url) => invoke('backstop:open-link', String(url)),
  openConfig: () => invoke('backstop:open-config'),
  snooze: (request) =>
    invoke('backstop:snooze', {
      resource: String(request.resource),
      metric: String(request.metric),
      until: String(request.until),
      reason: String(request.reason),
    }),
  unsnooze: (resource, metric) => invoke('backstop:unsnooze', String(resource), String(metric)),
  itemHistory: (request) =>
    invoke('backstop:item-history', {
      resource: String(request.resource),
      metric: String(request.metric),
      count: Number(request.count),
      ...(request.endId === undefined ? {} : { endId: String(request.endId) }),
    }),
  onState: (listener) => subscribe('backstop:state', listener),
  onProgress: (listener) => subscribe('backstop:progress', listener),
};

contextBridge.exposeInMainWorld('backstop', bridge);
