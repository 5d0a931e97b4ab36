/**
 * The one module that talks to ipcMain. Every channel of shared/ipc.ts gets a
 * handler here; a message from anything but our window's top frame is dropped
 * (the handler rejects without doing anything), and arguments are checked as
 * untrusted input.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { INVOKE_CHANNELS, type InvokeArgs, type InvokeChannel, type InvokeResult } from '../../shared/ipc.js';
import type { AppContext } from './context.js';
import { APP_ORIGIN } from './protocol.js';

export interface SenderInfo {
  /** URL of the frame that sent the message; undefined when the frame is gone. */
  frameUrl: string | undefined;
  /** True when the sender is the page itself, not an iframe inside it. */
  isTopFrame: boolean;
  webContentsId: number;
}

/**
 * True only for the top frame of our results window showing our own page on
 * our own origin (`app://backstop`). Query and hash are ignored; scheme, host
 * and path must match exactly.
 */
export function isTrustedSender(sender: SenderInfo, expected: { url: string; webContentsId: number | undefined }): boolean {
  if (!sender.isTopFrame || sender.frameUrl === undefined) return false;
  if (expected.webContentsId === undefined || sender.webContentsId !== expected.webContentsId) return false;
  try {
    const actual = new URL(sender.frameUrl);
    const ours = new URL(expected.url);
    return `${actual.protocol}//${actual.host}` === APP_ORIGIN && actual.protocol === ours.protocol && actual.host === ours.host && actual.pathname === ours.pathname;
  } catch {
    return false;
  }
}

export function senderInfo(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>): SenderInfo {
  const frame = event.senderFrame;
  return {
    frameUrl: frame?.url,
    isTopFrame: Boolean(frame) && frame?.parent === null,
    webContentsId: event.sender.id,
  };
}

export type IpcHandlers = { [C in InvokeChannel]: (...args: InvokeArgs<C>) => InvokeResult<C> | Promise<InvokeResult<C>> };

export class UntrustedSenderError extends Error {
  override name = 'UntrustedSenderError';
}

/** Registers every channel's handler behind the sender check. Returns the function that removes them. */
export function setupIpc(
  ctx: AppContext,
  window: { readonly url: string; webContentsId(): number | undefined },
  handlers: IpcHandlers,
): () => void {
  const { ipcMain } = ctx.electron;
  for (const channel of INVOKE_CHANNELS) {
    const handler = handlers[channel] as (...args: unknown[]) => unknown;
    ipcMain.handle(channel, async (event, ...args: unknown[]) => {
      const sender = senderInfo(event);
      if (!isTrustedSender(sender, { url: window.url, webContentsId: window.webContentsId() })) {
        ctx.log(`ipc: dropped ${channel} from ${sender.frameUrl ?? 'a closed frame'}`);
        throw new UntrustedSenderError(`${channel}: not from the results window`);
      }
      return handler(...args);
    });
  }
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
  };
}
