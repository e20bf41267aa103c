/** The fault runs' app: WeCom's documented key set A (PROTOCOL.md §2.1), so signatures are checked for real. */
export const FAULT_KEYS = {
  corpId: 'wx5823bf96d3bd56c7',
  token: 'QDG6eK',
  encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
} as const;

/** The Redis list every handler invocation is appended to, outside the process that ran it. */
export const RUNS_LIST = 'faults:runs';
