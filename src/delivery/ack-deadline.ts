export type DeadlineResult<T> = { readonly inTime: true; readonly value: T } | { readonly inTime: false };

/** Waits for `promise` until the clock reaches `deadlineAt` (epoch ms); rejects if it rejects in time. */
export async function settleBefore<T>(promise: Promise<T>, deadlineAt: number): Promise<DeadlineResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<DeadlineResult<T>>((resolve) => {
    timer = setTimeout(() => resolve({ inTime: false }), Math.max(0, deadlineAt - Date.now()));
  });
  try {
    return await Promise.race([promise.then((value): DeadlineResult<T> => ({ inTime: true, value })), expired]);
  } finally {
    clearTimeout(timer);
  }
}
