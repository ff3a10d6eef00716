import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { handleDataRequest } from '../../../app/entry.server'
import { applyPersonalCaching, isPersonalResponse } from '../../../app/lib/cache-control'
import { paramsOf, routeFiles, urlOf } from '../../helpers/fuzz'

// #16.8: nothing personal stays in a shared computer's cache.
const get = (path: string, cookie?: string) =>
  new Request(`http://localhost${path}`, { headers: cookie ? { Cookie: cookie } : {} })

describe('Cache-Control: no-store on personal responses', () => {
  it('any response to a signed-in person (either cookie name), or one that sets the session cookie', () => {
    expect(isPersonalResponse(get('/plan', 'lng=es; mutirao_session=abc'), new Headers())).toBe(true)
    expect(isPersonalResponse(get('/', '__Host-mutirao_session=abc'), new Headers())).toBe(true)
    const setting = new Headers({ 'Set-Cookie': 'mutirao_session=abc; Path=/; HttpOnly' })
    expect(isPersonalResponse(get('/login'), setting)).toBe(true)
  })

  it('personal pages even for anonymous visitors; public pages stay cacheable', () => {
    for (const path of [
      '/my-data',
      '/account',
      '/registration/document',
      '/reset-password/abcdef',
      '/signup',
      '/signup/confirm/abcdef',
      '/staff/registrations',
      '/admin/users',
      '/elections/e1/vote',
      '/conference/c1/vote',
    ])
      expect(isPersonalResponse(get(path), new Headers()), path).toBe(true)
    for (const path of ['/', '/plan', '/elections/e1/results', '/census', '/my-database-of-things'])
      expect(isPersonalResponse(get(path), new Headers()), path).toBe(false)
    expect(isPersonalResponse(get('/plan', 'not_mutirao_session=x'), new Headers())).toBe(false)
  })

  it('is applied to loader data and replaces a weaker header', () => {
    const headers = new Headers({ 'Cache-Control': 'public, max-age=60' })
    applyPersonalCaching(get('/account'), headers)
    expect(headers.get('Cache-Control')).toBe('no-store')
    const data = handleDataRequest(Response.json({ a: 1 }), {
      request: get('/plan?_data=routes/plan._index', 'mutirao_session=x'),
    })
    expect(data.headers.get('Cache-Control')).toBe('no-store')
    const redirect = handleDataRequest(Response.redirect('http://localhost/login', 302), {
      request: get('/my-data?_data=routes/my-data'),
    })
    expect(redirect.status).toBe(302)
    expect(redirect.headers.get('Cache-Control')).toBe('no-store')
    const open = handleDataRequest(Response.json({}), { request: get('/plan?_data=routes/plan._index') })
    expect(open.headers.get('Cache-Control')).toBeNull()
  })
})

// The proof over every route (the fuzz's route reader): each page that holds or takes personal
// data is no-store even for a visitor without a session cookie, and open data stays cacheable.
describe('every route module is classified', () => {
  const PERSONAL =
    /^(staff|admin|my-data|account_?|registration|reset-password|login|signup_?|forgot-password_?|logout|privacy|dev)\b|\.(vote|apply)_?(\.|$)/
  const routesDir = fileURLToPath(new URL('../../../app/routes', import.meta.url))
  for (const file of routeFiles(routesDir)) {
    const url = urlOf(file, Object.fromEntries(paramsOf(file).map((p) => [p, 'x1'])))
    const personal = PERSONAL.test(file)
    it(`${url} ${personal ? 'is' : 'is not'} personal`, () => {
      expect(isPersonalResponse(get(url), new Headers())).toBe(personal)
    })
  }
})
