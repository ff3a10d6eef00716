// What the HTTP server hands every loader and action (scripts/server.ts).
declare module '@remix-run/node' {
  interface AppLoadContext {
    clientAddress: string
    cspNonce: string
    /** The TCP peer (never a header): loopback-only pages check it (issue #16.11). */
    socketAddress?: string
  }
}
export {}
