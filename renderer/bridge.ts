/** The window's only way to the main process: `window.backstop`, set by the preload. */
import type { BackstopBridge } from '../shared/ipc.js';

declare global {
  interface Window {
    backstop: BackstopBridge;
  }
}

export function bridge(): BackstopBridge {
  if (!window.backstop) throw new Error('window.backstop is missing: the window must be opened by the Backstop app');
  return window.backstop;
}
