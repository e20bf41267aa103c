import autocannon from 'autocannon';

/**
 * One autocannon run on loopback: POSTs the pool's requests in order (every connection draws from
 * the same pool, so no message is sent twice while the pool lasts). Bounded by `seconds`, or by
 * `amount` requests with `seconds` as a hard cap.
 */
export function runLoad({ port, pool, connections, seconds, amount }) {
  const options = {
    url: `http://127.0.0.1:${port}`,
    connections,
    pipelining: 1,
    timeout: 10,
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    requests: [
      {
        setupRequest(request) {
          const next = pool.next();
          request.path = next.path;
          request.body = next.body;
          return request;
        },
      },
    ],
  };
  if (amount) options.amount = amount;
  else options.duration = seconds;

  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => {
      clearTimeout(cap);
      if (error) return reject(error);
      resolve({
        requestsPerSec: result.requests.average,
        latencyP50Ms: result.latency.p50,
        latencyP99Ms: result.latency.p99,
        requests: result.requests.total,
        ok: result['2xx'],
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
        seconds: result.duration,
      });
    });
    const cap = setTimeout(() => instance.stop(), (seconds + 5) * 1000);
  });
}
