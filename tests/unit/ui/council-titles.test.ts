import { createElement, type ReactNode } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { StaticRouter } from 'react-router-dom/server'
import { describe, expect, it } from 'vitest'
import { MinutesHeading, MinutesLink, TitleLink } from '../../../app/council/view'
import type { Language } from '../../../app/i18n/config'
import { fingerprint, originalContent, withTranslation } from '../../../app/i18n/content'
import { createI18nInstance } from '../../../app/i18n/i18n.server'
import { withElements } from '../../../app/ui/sentence'

// #19: meeting and agenda item titles in council lists and minutes read in the reader's language
// when a translation was published (their `title_i18n`, migration 035), with their own language
// and direction, and the "not yet translated" note after a link, not inside it.

const TITLE = 'Reunião ordinária de março'
const translated = withTranslation(
  originalContent(TITLE),
  'ar',
  'الاجتماع العادي لشهر مارس',
  fingerprint(TITLE),
)

async function render(language: Language, node: ReactNode) {
  const i18n = await createI18nInstance(language)
  return renderToStaticMarkup(
    createElement(StaticRouter, { location: '/council' }, createElement(I18nextProvider, { i18n }, node)),
  )
}

describe('meeting titles in lists', () => {
  it('a translated title is in the reader’s language and direction, inside the link, with no note', async () => {
    const html = await render(
      'ar',
      createElement(TitleLink, { to: '/council/meetings/m1', row: { title: TITLE, title_i18n: translated } }),
    )
    expect(html).toBe(
      '<a data-discover="true" href="/council/meetings/m1"><span lang="ar" dir="rtl">الاجتماع العادي لشهر مارس</span></a>',
    )
  })

  it('an untranslated title is the original, tagged as Portuguese, and the note follows the link', async () => {
    const html = await render(
      'ar',
      createElement(TitleLink, { to: '/council/meetings/m1', row: { title: TITLE, title_i18n: translated } }),
    )
    expect(html).not.toContain('content-note')
    const fr = await render(
      'fr',
      createElement(TitleLink, { to: '/x', row: { title: TITLE, title_i18n: translated } }),
    )
    expect(fr).toMatch(
      /^<a data-discover="true" href="\/x"><span lang="pt-BR" dir="ltr">Reunião ordinária de março<\/span><\/a> <small class="content-note" data-content-state="untranslated">/,
    )
  })

  it('a row written before migration 035 reads its plain title as Portuguese', async () => {
    const html = await render(
      'pt-BR',
      createElement(TitleLink, { to: '/x', row: { title: TITLE, title_i18n: null } }),
    )
    expect(html).toBe(
      '<a data-discover="true" href="/x"><span lang="pt-BR" dir="ltr">Reunião ordinária de março</span></a>',
    )
  })
})

describe('the minutes heading', () => {
  it('puts the localised title where each language’s sentence has it', async () => {
    const ar = await render(
      'ar',
      createElement(MinutesHeading, { meeting: { title: TITLE, title_i18n: translated } }),
    )
    expect(ar).toBe('المحضر — <span lang="ar" dir="rtl">الاجتماع العادي لشهر مارس</span>')
    const zh = await render(
      'zh',
      createElement(MinutesHeading, { meeting: { title: TITLE, title_i18n: translated }, notes: true }),
    )
    expect(zh).toMatch(
      /^会议纪要 — <span lang="pt-BR" dir="ltr">Reunião ordinária de março<\/span> <small class="content-note"/,
    )
  })

  it('as a link in the archive, the note is after the link', async () => {
    const html = await render(
      'zh',
      createElement(MinutesLink, { meetingId: 'm1', meeting: { title: TITLE, title_i18n: null } }),
    )
    expect(html).toMatch(
      /^<a data-discover="true" href="\/council\/meetings\/m1\/minutes">会议纪要 — <span lang="pt-BR" dir="ltr">Reunião ordinária de março<\/span><\/a> <small/,
    )
  })
})

describe('withElements', () => {
  it('cuts a translated sentence where its placeholders were, in the translation’s own order', () => {
    const parts = withElements((v) => `${v.b} before ${v.a}.`, { a: 'A', b: createElement('b', null, 'B') })
    expect(renderToStaticMarkup(createElement('p', null, parts))).toBe('<p><b>B</b> before A.</p>')
  })

  it('leaves a sentence without the placeholder as it is', () => {
    expect(withElements(() => 'No title here', { title: 'T' })).toEqual(['No title here'])
  })
})
