// Seals for unit tests of Claude's thinking held by a client (core/switchboard-thinking.ts): one install, two profiles.
import { thinkingSeal } from '../../src/node/proxy/thinking-seal';

export const INSTALL_KEY = Buffer.alloc(32, 7);
export const TEST_SEAL = thinkingSeal(INSTALL_KEY, 'default');
export const OTHER_PROFILE_SEAL = thinkingSeal(INSTALL_KEY, 'other');
export const OTHER_INSTALL_SEAL = thinkingSeal(Buffer.alloc(32, 8), 'default');
