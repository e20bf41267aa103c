/** Key set A of WeCom's documentation (PROTOCOL.md §2.1): loopback-only test traffic. */
export const LOAD_KEYS = {
  corpId: 'wx5823bf96d3bd56c7',
  token: 'QDG6eK',
  encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
} as const;
