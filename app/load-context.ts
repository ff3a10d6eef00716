// What the HTTP server hands every loader and action (scripts/server.ts).
declare module '@remix-run/node' {
  interface AppLoadContext {
    clientAddress: string
    cspNonce: string
  }
}
export {}
