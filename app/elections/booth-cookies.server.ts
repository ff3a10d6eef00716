import { getEnv } from '../lib/env.server'
import { COOKIE_TOKEN } from './polling-place'

// The polling place's two cookies (issue #16). Both HttpOnly and SameSite=Strict, __Host- when
// served over HTTPS (as the session cookie):
// - the device cookie: the token of a device the commission enrolled (a year; revocable);
// - the booth cookie: a device in booth state (no Expires: it ends with the browser). While it is
//   present the server ignores any session cookie and sends every page to /booth.

const YEAR_S = 365 * 24 * 60 * 60

const name = (base: string) => (getEnv().cookieSecure ? `__Host-${base}` : base)
export const deviceCookieName = () => name('mutirao_device')
export const boothCookieName = () => name('mutirao_booth')

function readCookie(request: Request, cookieName: string): string | null {
  const header = request.headers.get('Cookie')
  if (!header) return null
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === cookieName) return v.join('=')
  }
  return null
}

function serialise(cookieName: string, value: string, maxAgeSeconds: number | null): string {
  const attrs = [`${cookieName}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict']
  if (maxAgeSeconds !== null) attrs.push(`Max-Age=${maxAgeSeconds}`)
  if (getEnv().cookieSecure) attrs.push('Secure')
  return attrs.join('; ')
}

export function readDeviceToken(request: Request): string | null {
  const token = readCookie(request, deviceCookieName())
  return token && COOKIE_TOKEN.test(token) ? token : null
}

export function readBoothToken(request: Request): string | null {
  const token = readCookie(request, boothCookieName())
  return token && COOKIE_TOKEN.test(token) ? token : null
}

/** Whether the request comes from a device in booth state (any booth cookie, valid or not). */
export function inBoothState(request: Request): boolean {
  return readCookie(request, boothCookieName()) !== null
}

export const deviceCookie = (token: string) => serialise(deviceCookieName(), token, YEAR_S)
export const boothCookie = (token: string) => serialise(boothCookieName(), token, null)
export const clearedBoothCookie = () => serialise(boothCookieName(), '', 0)
