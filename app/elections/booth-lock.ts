// The booth lock (issue #16.12), one rule for the HTTP server and the root loader: a device in
// booth state (it carries a booth cookie) reaches only the booth page, its encryption input
// (/booth/encryption, issue #20) and what that page needs to render (built assets, the favicon,
// translation files). Everything else is sent back to /booth.

const BOOTH_COOKIE = /(?:^|;\s*)(?:__Host-)?mutirao_booth=/
const ALLOWED = [/^\/booth\/?$/, /^\/booth\/encryption$/, /^\/build\//, /^\/locales\//, /^\/favicon\.svg$/]

export function hasBoothCookie(cookieHeader: string | null | undefined): boolean {
  return Boolean(cookieHeader && BOOTH_COOKIE.test(cookieHeader))
}

/** Whether a request for `path` must be redirected to /booth. */
export function boothRedirect(path: string, cookieHeader: string | null | undefined): boolean {
  return hasBoothCookie(cookieHeader) && !ALLOWED.some((re) => re.test(path))
}
