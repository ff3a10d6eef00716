import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { StaticRouter } from 'react-router-dom/server'
import { describe, expect, it } from 'vitest'
import { countParam, DoneNotice } from '../../../app/ui/action-feedback'

// #16.9: `?done=` is part of a URL anyone can craft. The green banner shows only the keys a route
// declares, and a number beside it (`&n=`) only as digits.
const render = (url: string, n?: (p: string) => string) =>
  renderToStaticMarkup(
    createElement(
      StaticRouter,
      { location: url },
      createElement(DoneNotice<'saved' | 'imported'>, {
        keys: ['saved', 'imported'] as const,
        message: (k) => `done:${k}${n ? n(url) : ''}`,
      }),
    ),
  )

describe('the success banner', () => {
  it('renders a known key', () => {
    expect(render('/staff/plan?done=saved')).toContain('done:saved')
  })

  it('renders nothing for an unknown or crafted value', () => {
    for (const done of [
      'Your%20account%20is%20blocked%2C%20call%20%2B55%2011%209999',
      'saved.extra',
      'SAVED',
      '__proto__',
      'constructor',
      'saved%00',
      '',
    ])
      expect(render(`/staff/plan?done=${done}`), done).toBe('')
    expect(render('/staff/plan')).toBe('')
  })

  it('a count beside it is digits or nothing', () => {
    expect(countParam('12')).toBe('12')
    expect(countParam('12 accounts were deleted, call us')).toBe('')
    expect(countParam('-1')).toBe('')
    expect(countParam('1e9')).toBe('')
    expect(countParam(null)).toBe('')
    const shown = render('/staff/plan?done=imported&n=evil', (url) =>
      countParam(new URL(url, 'http://x').searchParams.get('n')),
    )
    expect(shown).toContain('done:imported')
    expect(shown).not.toContain('evil')
  })
})
