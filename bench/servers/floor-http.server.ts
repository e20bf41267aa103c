import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { reportReady } from './bench-server-ipc.js';

// floor-http: the platform's floor. Reads the body (so the bytes cross the same socket path as in
// every other scenario) and answers an empty 200.
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.statusCode = 200;
    response.end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  reportReady({
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  });
});
