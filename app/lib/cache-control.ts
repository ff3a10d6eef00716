// Issue #16.8: nothing personal may stay in a shared computer's browser cache (or a proxy's). Any
// response to a request that carries a session cookie, any response that sets one, and every
// response of a personal page (even to an anonymous visitor: a reset link's page, a sign-up form
// with what was typed) is `Cache-Control: no-store`. Applied centrally in app/entry.server.tsx to
// documents and loader/action data; the personal resource routes (my-data download, documents,
// census export) already say no-store themselves.

const SESSION_COOKIE = /(?:^|;\s*)(?:__Host-)?mutirao_session=/
const PERSONAL_PATHS = [
  /^\/(?:login|signup|logout|forgot-password|account|my-data|privacy|dev\/outbox)(?:\/|$)/,
  /^\/reset-password(?:\/|$)/,
  /^\/registration(?:\/|$)/,
  /^\/(?:staff|admin)(?:\/|$)/,
  /^\/(?:elections|conference)\/[^/]+\/(?:vote|apply)(?:\/|$)/,
]

export function isPersonalResponse(request: Request, headers: Headers): boolean {
  if (SESSION_COOKIE.test(request.headers.get('Cookie') ?? '')) return true
  if (/(?:^|,\s*)(?:__Host-)?mutirao_session=/.test(headers.get('Set-Cookie') ?? '')) return true
  const path = new URL(request.url).pathname
  return PERSONAL_PATHS.some((p) => p.test(path))
}

/** Sets `Cache-Control: no-store` on a personal response (see above); leaves others alone. */
export function applyPersonalCaching(request: Request, headers: Headers): void {
  if (isPersonalResponse(request, headers)) headers.set('Cache-Control', 'no-store')
}
