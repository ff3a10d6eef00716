import { describe, expect, it } from 'vitest'
import {
  acceptsContributions,
  translateParagraphs,
  cleanContribution,
  draftTextOf,
  officialDraftText,
  splitDraft,
  withinEditWindow,
} from '../../../app/consultations/text'
import {
  fingerprint,
  originalContent,
  parseContent,
  pickText,
  textsOnly,
  withOriginalText,
} from '../../../app/i18n/content'

describe('splitDraft', () => {
  it('opens a section at each "## " line and a paragraph at each blank line', () => {
    expect(
      splitDraft(
        'Intro line one\nline two\n\n## Message\n\nFirst.\n\n\nSecond.\r\n## Empty\n\n## Channels\nBuses.',
      ),
    ).toEqual([
      { heading: '', paragraphs: ['Intro line one\nline two'] },
      { heading: 'Message', paragraphs: ['First.', 'Second.'] },
      { heading: 'Channels', paragraphs: ['Buses.'] },
    ])
  })

  it('returns nothing for a blank draft', () => {
    expect(splitDraft('  \n\n## Only a heading\n')).toEqual([])
  })
})

describe('draftTextOf', () => {
  it('writes back, unchanged, a draft written the way splitDraft reads it', () => {
    const draft = 'Intro line one\nline two\n\n## Message\n\nFirst.\n\nSecond.\n\n## Channels\n\nBuses.'
    expect(draftTextOf(splitDraft(draft))).toBe(draft)
  })

  it('is the inverse of splitDraft: splitting what it writes gives the same sections back', () => {
    for (const source of [
      'Intro line one\nline two\n\n## Message\n\nFirst.\n\n\nSecond.\r\n## Empty\n\n## Channels\nBuses.',
      '## Só um título\n\nUm parágrafo.\n',
      'Sem título nenhum.\n\nDois parágrafos.',
      '  \n\n## Only a heading\n',
    ]) {
      const sections = splitDraft(source)
      expect(splitDraft(draftTextOf(sections))).toEqual(sections)
    }
  })

  it('writes the official pt-BR text of stored sections, whatever else was translated', () => {
    expect(
      officialDraftText([
        { heading_i18n: '{}', paragraphs: [{ body_i18n: '{"pt-BR":"Abertura.","ht":"Ouvèti."}' }] },
        {
          heading_i18n: '{"pt-BR":"Canais","es":"Canales"}',
          paragraphs: [{ body_i18n: '{"pt-BR":"Rádio."}' }, { body_i18n: '{"pt-BR":"Metrô."}' }],
        },
      ]),
    ).toBe('Abertura.\n\n## Canais\n\nRádio.\n\nMetrô.')
  })
})

describe('paragraph anchoring', () => {
  const paragraphs = [
    { id: 'pA', position: 1, body: originalContent('Primeiro.') },
    { id: 'pB', position: 2, body: JSON.stringify({ 'pt-BR': 'Segundo.', es: 'Segundo (es).' }) },
    { id: 'pC', position: 3, body: originalContent('Terceiro.') },
  ]

  it('a translation delivered in another order lands on the paragraph each entry names', () => {
    const { paragraphs: out, unknownIds } = translateParagraphs(paragraphs, 'ht', [
      { paragraphId: 'pC', text: 'Twazyèm.' },
      { paragraphId: 'pA', text: ' Premye. ' },
      { paragraphId: 'pB', text: 'Dezyèm.' },
    ])
    expect(unknownIds).toEqual([])
    expect(out.map((p) => [p.id, p.position, pickText(p.body, 'ht').text])).toEqual([
      ['pA', 1, 'Premye.'],
      ['pB', 2, 'Dezyèm.'],
      ['pC', 3, 'Twazyèm.'],
    ])
    // The official text and other languages are untouched; the translation records its basis.
    expect(textsOnly(out[1]!.body)).toEqual({ 'pt-BR': 'Segundo.', es: 'Segundo (es).', ht: 'Dezyèm.' })
    expect(parseContent(out[1]!.body).basis).toEqual({ ht: fingerprint('Segundo.') })
  })

  it('reports ids that are not paragraphs of the text and removes a translation left empty', () => {
    const { paragraphs: out, unknownIds } = translateParagraphs(paragraphs, 'es', [
      { paragraphId: 'pB', text: '  ' },
      { paragraphId: 'nope', text: 'x' },
    ])
    expect(unknownIds).toEqual(['nope'])
    expect(textsOnly(out[1]!.body)).toEqual({ 'pt-BR': 'Segundo.' })
  })

  it('an outdated translation saved again unchanged stays outdated', () => {
    const outdated = withOriginalText(
      translateParagraphs(paragraphs, 'ht', [{ paragraphId: 'pA', text: 'Premye.' }]).paragraphs[0]!.body,
      'Primeiro, revisto.',
    )
    expect(pickText(outdated, 'ht').state).toBe('outdated')
    const again = translateParagraphs([{ id: 'pA', position: 1, body: outdated }], 'ht', [
      { paragraphId: 'pA', text: 'Premye.' },
    ])
    expect(pickText(again.paragraphs[0]!.body, 'ht').state).toBe('outdated')
    const redone = translateParagraphs([{ id: 'pA', position: 1, body: outdated }], 'ht', [
      { paragraphId: 'pA', text: 'Premye, revize.' },
    ])
    expect(pickText(redone.paragraphs[0]!.body, 'ht')).toMatchObject({
      text: 'Premye, revize.',
      state: 'translated',
    })
  })
})

describe('cleanContribution', () => {
  it('keeps words, line breaks, Arabic and emoji; drops control and bidi-override characters', () => {
    expect(cleanContribution('  Olá\r\n\n\n\nمرحبا 👋\u0000\u202Eevil\u202C\u2067ok\u2069  ')).toBe(
      'Olá\n\nمرحبا 👋evil\u2067ok\u2069',
    )
  })

  it('treats markup as text (rendered escaped), not as something to interpret', () => {
    expect(cleanContribution('<script>alert(1)</script>')).toBe('<script>alert(1)</script>')
  })
})

describe('windows', () => {
  const now = new Date('2026-05-10T12:00:00.000Z')
  it('takes contributions only when open and inside its dates', () => {
    const c = { status: 'open', opens_at: '2026-05-01T00:00:00.000Z', closes_at: '2026-05-10T12:00:00.000Z' }
    expect(acceptsContributions({ ...c, closes_at: '2026-05-10T12:00:00.001Z' }, now)).toBe(true)
    expect(acceptsContributions(c, now)).toBe(false)
    expect(acceptsContributions({ ...c, status: 'closed', closes_at: '2027-01-01T00:00:00.000Z' }, now)).toBe(
      false,
    )
    expect(
      acceptsContributions(
        { ...c, opens_at: '2026-05-11T00:00:00.000Z', closes_at: '2027-01-01T00:00:00.000Z' },
        now,
      ),
    ).toBe(false)
  })

  it('lets authors edit for 15 minutes', () => {
    expect(withinEditWindow('2026-05-10T11:45:00.000Z', now)).toBe(true)
    expect(withinEditWindow('2026-05-10T11:44:59.000Z', now)).toBe(false)
  })
})
