import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { describe, expect, it } from 'vitest'
import {
  fingerprint,
  originalContent,
  pickText,
  withOriginalText,
  withTranslation,
} from '../../../app/i18n/content'
import { createI18nInstance } from '../../../app/i18n/i18n.server'
import type { Language } from '../../../app/i18n/config'
import { Localised, isolate, localisedLabel } from '../../../app/ui/localised'

// #19: a reader sees their language when it exists, else the original with a note in their own
// language — never a silent mix — and authored text carries its own language and direction.

const original = originalContent('Saúde da população imigrante')
const arabic = withTranslation(
  original,
  'ar',
  'صحة السكان المهاجرين',
  fingerprint('Saúde da população imigrante'),
)
const outdated = withOriginalText(arabic, 'Saúde e assistência da população imigrante')

async function render(language: Language, props: Parameters<typeof Localised>[0]) {
  const i18n = await createI18nInstance(language)
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(Localised, props)))
}

describe('<Localised> in each reading state', () => {
  it('the original, for a reader of its language: its lang and dir, no note', async () => {
    const html = await render('pt-BR', { json: original })
    expect(html).toBe('<span lang="pt-BR" dir="ltr">Saúde da população imigrante</span>')
  })

  it('a current translation: in the reader’s language and direction, no note', async () => {
    const html = await render('ar', { json: arabic, as: 'h2' })
    expect(html).toBe('<h2 lang="ar" dir="rtl">صحة السكان المهاجرين</h2>')
  })

  it('untranslated: the original, left-to-right, and the note in the reader’s language', async () => {
    const html = await render('ar', { json: original })
    expect(html).toContain('<span lang="pt-BR" dir="ltr">Saúde da população imigrante</span>')
    expect(html).toContain('data-content-state="untranslated"')
    expect(html).toContain('لم يُترجَم بعد — اللغة الأصلية: Português')
    const zh = await render('zh', { json: original })
    expect(zh).toContain('尚未翻译——原文为Português')
    const ht = await render('ht', { json: original, as: 'p' })
    expect(ht).toContain('<p lang="pt-BR" dir="ltr">')
    expect(ht).toContain('<p class="content-note" data-content-state="untranslated">poko tradui')
    expect(ht).not.toContain('<details')
  })

  it('outdated: the old translation, marked, with the original one click away as a block', async () => {
    const html = await render('ar', { json: outdated, as: 'p' })
    expect(html).toContain('<p lang="ar" dir="rtl">صحة السكان المهاجرين</p>')
    expect(html).toContain('data-content-state="outdated"')
    expect(html).toContain('ترجمة قديمة')
    expect(html).toMatch(
      /<details class="content-original"><summary>عرض النص الأصلي \(Português\)<\/summary><p lang="pt-BR" dir="ltr">Saúde e assistência da população imigrante<\/p><\/details>/,
    )
    const inline = await render('ar', { json: outdated })
    expect(inline).toContain('data-content-state="outdated"')
    expect(inline).not.toContain('<details')
  })

  it('notes={false} shows the text alone, still with its language and direction', async () => {
    expect(await render('ar', { json: original, notes: false })).toBe(
      '<span lang="pt-BR" dir="ltr">Saúde da população imigrante</span>',
    )
  })

  it('a text picked on the server renders the same', async () => {
    expect(await render('ar', { picked: pickText(original, 'ar') })).toBe(
      await render('ar', { json: original }),
    )
  })

  it('nothing stored: nothing shown, no note', async () => {
    expect(await render('ar', { json: null })).toBe('<span lang="pt-BR" dir="ltr"></span>')
  })
})

describe('plain-string labels (<option>, title, aria-label)', () => {
  it('whole in one language: that language and direction', async () => {
    const i18n = await createI18nInstance('ar')
    expect(localisedLabel(pickText(arabic, 'ar'), i18n.t, 'ar')).toEqual({
      label: 'صحة السكان المهاجرين',
      lang: 'ar',
      dir: 'rtl',
    })
  })

  it('untranslated: the original isolated, then the note in the reader’s language', async () => {
    const i18n = await createI18nInstance('ar')
    const label = localisedLabel(pickText(original, 'ar'), i18n.t, 'ar')
    expect(label.label).toBe(
      `${isolate('Saúde da população imigrante')} (لم يُترجَم بعد — اللغة الأصلية: Português)`,
    )
    expect(label).toMatchObject({ lang: 'ar', dir: 'rtl' })
  })
})
