/**
 * The promise's answer, or a rejection with `message` after `ms`: for waits on another party (a
 * broker's acknowledgement) that must never hold a job, a start or a stop forever. The timer does
 * not keep the process alive.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}
