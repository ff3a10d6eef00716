import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { describe, expect, it } from 'vitest'
import { PaperCounts } from '../../../app/elections/paper-results-view'
import type { Language } from '../../../app/i18n/config'
import { fingerprint, originalContent, withTranslation } from '../../../app/i18n/content'
import { createI18nInstance } from '../../../app/i18n/i18n.server'

// #19: on the public results page a paper place's name is read in the reader's language when a
// translation was published (its name_i18n), tagged with its language and direction; else the
// original with the "not yet translated" note.

const NAME = 'EMEF Infante Dom Henrique'
const place = {
  id: 'p1',
  name: NAME,
  address: 'Rua Canindé, 1',
  language: 'pt-BR',
  method: 'paper',
  paper_count: {
    confirmed_at: '2026-11-01T20:00:00.000Z',
    contests: [{ id: 'c1', candidates: [{ id: 'k1', votes: 3 }], blank: 1, void: 0 }],
  },
}
const contests = [
  {
    id: 'c1',
    kind: 'segment',
    segment: 'A',
    subprefecture: null,
    candidates: [{ id: 'k1', name: 'Rosa', organisation: null }],
  },
]
const names = {
  p1: withTranslation(originalContent(NAME), 'ar', 'مدرسة إنفانتي دوم هنريكي', fingerprint(NAME)),
}

async function render(language: Language, given: Record<string, string | null>) {
  const i18n = await createI18nInstance(language)
  return renderToStaticMarkup(
    createElement(
      I18nextProvider,
      { i18n },
      createElement(PaperCounts, { places: [place], contests, names: given }),
    ),
  )
}

describe('paper counts on the results page', () => {
  it('names the place in Arabic once translated, right to left', async () => {
    const html = await render('ar', names)
    expect(html).toContain('<span lang="ar" dir="rtl">مدرسة إنفانتي دوم هنريكي</span>')
    expect(html).toContain('aria-label="')
    expect(html).not.toContain(`>${NAME}<`)
  })

  it('falls back to the name as written, with the note, where there is no translation or no stored name', async () => {
    for (const given of [names, {}]) {
      const html = await render('fr', given)
      expect(html).toContain(`<span lang="pt-BR" dir="ltr">${NAME}</span>`)
      expect(html).toContain('data-content-state="untranslated"')
    }
  })
})
