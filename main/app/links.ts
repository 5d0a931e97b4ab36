/**
 * Which links may leave the app. Status links come from the config and check
 * output, so they are not trusted: only web and mail links reach the OS. The
 * rule lives in shared/ipc.ts, so the window offers only the links main opens.
 */
export { isOpenableLink } from '../../shared/ipc.js';
