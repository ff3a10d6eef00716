import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { MeetingStatus } from '../../db/schema'
import { LANGUAGES, LANGUAGE_NAMES } from '../i18n/config'
import { pickText, type Picked } from '../i18n/content'
import { storedOrPlain } from '../i18n/original-text'
import { TextAreaField } from '../ui/form'
import { ContentNote, Localised } from '../ui/localised'
import { withElements } from '../ui/sentence'

/** A meeting's or agenda item's title: the plain original and, since migration 035, its `title_i18n`. */
export type Titled = { title: string; title_i18n?: string | null }

/**
 * What the reader sees of such a title (ADR 027): their language when translated, else the
 * original; a row written before migration 035 reads its plain title, in Portuguese.
 */
export function usePickTitle(): (row: Titled) => Picked {
  const { i18n } = useTranslation('council')
  return (row) => pickText(storedOrPlain(row.title_i18n, row.title), i18n.language)
}

/** The "not yet translated" note after a link, not inside its name (nothing when not needed). */
function NoteAfterLink({ picked }: { picked: Picked }) {
  if (picked.state !== 'untranslated' && picked.state !== 'outdated') return null
  return (
    <>
      {' '}
      <ContentNote picked={picked} />
    </>
  )
}

/**
 * "Minutes — <the meeting's title>", the title in the reader's language when translated; `notes`
 * where the heading is not a link (the note then follows the title inside the heading).
 */
export function MinutesHeading({ meeting, notes = false }: { meeting: Titled; notes?: boolean }) {
  const { t } = useTranslation('council')
  const picked = usePickTitle()(meeting)
  return (
    <>
      {withElements((v) => t('minutes.heading', v), { title: <Localised picked={picked} notes={notes} /> })}
    </>
  )
}

/** A link to a meeting's minutes, named after the meeting; the note after the link (see TitleLink). */
export function MinutesLink({ meetingId, meeting }: { meetingId: string; meeting: Titled }) {
  const picked = usePickTitle()(meeting)
  return (
    <>
      <Link to={`/council/meetings/${meetingId}/minutes`}>
        <MinutesHeading meeting={meeting} />
      </Link>
      <NoteAfterLink picked={picked} />
    </>
  )
}

/**
 * A title as a link in a list: in the reader's language (with its own `lang` and `dir`) inside the
 * link, the "not yet translated" note after it, not in the link's name.
 */
export function TitleLink({ to, row }: { to: string; row: Titled }) {
  const picked = usePickTitle()(row)
  return (
    <>
      <Link to={to}>
        <Localised picked={picked} notes={false} />
      </Link>
      <NoteAfterLink picked={picked} />
    </>
  )
}

export function MeetingStatusBadge({ status }: { status: MeetingStatus }) {
  const { t } = useTranslation('council')
  return <span className={`status-badge status-badge--${status}`}>{t(`meetingStatuses.${status}`)}</span>
}

export type QuorumView = {
  filled: number
  seats: number
  toOpen: number
  toDeliberate: number
  canOpen: boolean
  canDeliberate: boolean
}

/** The quorum as numbers and words, announced politely when it changes (aria-live). */
export function QuorumPanel({ quorum }: { quorum: QuorumView }) {
  const { t } = useTranslation('council')
  return (
    <div className={`quorum ${quorum.canDeliberate ? 'quorum--ok' : ''}`} aria-live="polite">
      <p>
        <strong>{t('quorum.filled', { filled: quorum.filled, seats: quorum.seats })}</strong>
      </p>
      <p>
        {t('quorum.toOpen', { n: quorum.toOpen })}: {quorum.canOpen ? t('quorum.yes') : t('quorum.no')} ·{' '}
        {t('quorum.toDeliberate', { n: quorum.toDeliberate })}:{' '}
        {quorum.canDeliberate ? t('quorum.yes') : t('quorum.no')}
      </p>
    </div>
  )
}

/** Summary in Portuguese (official) and optional translations, one field per language. */
export function SummaryFields({ current }: { current: Record<string, string> }) {
  const { t } = useTranslation('council')
  return (
    <fieldset className="stack">
      <legend>{t('summary.legend')}</legend>
      {LANGUAGES.map((l) => (
        <TextAreaField
          key={l}
          name={`summary_${l}`}
          label={LANGUAGE_NAMES[l]}
          lang={l}
          rows={2}
          defaultValue={current[l] ?? ''}
        />
      ))}
    </fieldset>
  )
}
