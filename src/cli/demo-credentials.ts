import { demoCredentials } from '../testing/demo-credentials.js';

/**
 * The credentials the CLI uses when neither flags nor environment give them: the sample app's demo
 * settings, which are key set A of WeCom's own documentation (PROTOCOL.md §2.1). So `npm run sample`
 * in one terminal and `npm run wecom -- send text hi` in another talk to each other out of the box.
 * They are public: never use them for a real app. test/cli checks they equal sample/demo-settings.ts.
 */
export const DEMO_CREDENTIALS = demoCredentials;

/** Where `npm run sample` listens. */
export const DEFAULT_CALLBACK_URL = 'http://localhost:3000/wecom/callback';

/** Where the sample's AI bot listens (`send bot …`, `verify bot`). */
export const DEFAULT_BOT_URL = 'http://localhost:3000/wecom/bot';
