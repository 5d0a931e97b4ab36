/**
 * Every glue test imports this first: electron is mocked once, here, for all
 * of test/app/ (the real runtime is not installed on test machines).
 */
import { vi } from 'vitest';

vi.mock('electron', () => import('./electron-mock.js'));
