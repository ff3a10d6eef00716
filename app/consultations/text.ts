import { type Language } from '../i18n/config'
import { pickText } from '../i18n/content'
import { withTypedTranslations } from '../translations/typed-together'

// Pure text handling for consultations: splitting an authored draft into sections and paragraphs,
// attaching translations by paragraph id (never by position), cleaning contributed text.

export type DraftSection = { heading: string; paragraphs: string[] }

/**
 * An author writes the draft as plain text: a line starting with "## " opens a section, blank lines
 * separate paragraphs. Text before the first heading goes into an untitled first section.
 */
export function splitDraft(source: string): DraftSection[] {
  const sections: DraftSection[] = []
  let current: DraftSection | null = null
  let buffer: string[] = []
  const flush = () => {
    const text = buffer.join('\n').trim()
    buffer = []
    if (!text) return
    if (!current) {
      current = { heading: '', paragraphs: [] }
      sections.push(current)
    }
    current.paragraphs.push(text)
  }
  for (const raw of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd()
    const heading = /^##\s+(\S.*)$/.exec(line)
    if (heading) {
      flush()
      current = { heading: heading[1]!.trim(), paragraphs: [] }
      sections.push(current)
    } else if (line.trim() === '') {
      flush()
    } else {
      buffer.push(line)
    }
  }
  flush()
  return sections.filter((s) => s.paragraphs.length > 0)
}

/**
 * The draft as its author would write it again: the inverse of `splitDraft`, so the secretariat
 * revises the text it wrote, not a rendering of it. Untitled sections have no heading line.
 */
export function draftTextOf(sections: readonly DraftSection[]): string {
  return sections
    .map((s) => [s.heading ? `## ${s.heading}` : '', ...s.paragraphs].filter(Boolean).join('\n\n'))
    .join('\n\n')
}

/** The official (pt-BR) draft of stored sections and paragraphs, as `draftTextOf` writes it. */
export function officialDraftText(
  sections: readonly { heading_i18n: string; paragraphs: readonly { body_i18n: string }[] }[],
): string {
  return draftTextOf(
    sections.map((s) => ({
      heading: pickText(s.heading_i18n, 'pt-BR').text,
      paragraphs: s.paragraphs.map((p) => pickText(p.body_i18n, 'pt-BR').text),
    })),
  )
}

/** A paragraph with its stored text (ADR 027's JSON: the original, translations, their basis). */
export type AnchoredParagraph = { id: string; position: number; body: string }

/**
 * Adds one language's translation to the paragraphs. Entries are keyed by paragraph id, so a
 * translation delivered in another order (or with paragraphs missing) lands on the right
 * paragraph, and comments anchored to a paragraph stay with it in every language. Unknown ids are
 * reported, empty entries remove that language's translation; the original is never touched here.
 * Each translation records the original it was made from (`_basis`); an entry equal to the stored
 * translation keeps its basis, so an outdated one is not passed off as current by saving again.
 */
export function translateParagraphs(
  paragraphs: readonly AnchoredParagraph[],
  language: Exclude<Language, 'pt-BR'>,
  entries: ReadonlyArray<{ paragraphId: string; text: string }>,
): { paragraphs: AnchoredParagraph[]; unknownIds: string[] } {
  const byId = new Map(entries.map((e) => [e.paragraphId, e.text.trim()]))
  const known = new Set(paragraphs.map((p) => p.id))
  const unknownIds = entries.map((e) => e.paragraphId).filter((id) => !known.has(id))
  return {
    unknownIds,
    paragraphs: paragraphs.map((p) =>
      byId.has(p.id) ? { ...p, body: withTypedTranslations(p.body, { [language]: byId.get(p.id)! }) } : p,
    ),
  }
}

// C0/C1 control characters (other than tab and newline) and bidirectional *override* characters,
// which can make a comment display differently from what it says. Isolates and marks stay: Arabic
// and mixed-direction writing needs them.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\v\f\u000E-\u001F\u007F-\u009F\u202A-\u202E]/g

/** Contributions are plain text, rendered escaped; this only removes what plain text must not carry. */
export function cleanContribution(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(UNSAFE, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/** Where a paragraph sits in the document, for people and for open data: "2.3" = section 2, paragraph 3. */
export const paragraphRef = (sectionPosition: number, paragraphPosition: number) =>
  `${sectionPosition}.${paragraphPosition}`

export const EDIT_WINDOW_MINUTES = 15

export function withinEditWindow(createdAt: string, now = new Date()): boolean {
  return now.getTime() - new Date(createdAt).getTime() <= EDIT_WINDOW_MINUTES * 60_000
}

/** Whether a consultation takes contributions now: open, and inside its dates. */
export function acceptsContributions(
  c: { status: string; opens_at: string; closes_at: string },
  now = new Date(),
): boolean {
  const t = now.toISOString()
  return c.status === 'open' && c.opens_at <= t && t < c.closes_at
}
