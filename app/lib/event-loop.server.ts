/**
 * Gives the event loop a turn (timers, I/O, other requests) before going on.
 *
 * Kysely's promises over better-sqlite3 settle as microtasks, so an `async` loop of queries and
 * cryptography never lets the loop turn on its own: a long one stops every other request of the
 * process (and a test runner's worker, whose RPC gives up after 60 s on a busy machine).
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve))
}
