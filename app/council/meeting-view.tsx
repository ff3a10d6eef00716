import type { SerializeFrom } from '@remix-run/node'
import { Form, Link, useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { ATTENDANCE_STATUSES, VOTE_CHOICES } from '../../db/schema'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'
import { storedOrPlain } from '../i18n/original-text'
import { FormErrorSummary, RadioGroup, SelectField, TextAreaField, TextField } from '../ui/form'
import { isolate, Localised, useLocalisedLabel } from '../ui/localised'
import type { ActionFailure } from '../lib/form-action.server'
import type { getMeeting } from './meetings.server'
import { QuorumPanel, TitleLink } from './view'

// The parts of a meeting's page: each agenda item with its votes and resolution, the form that
// adds an item, and the attendance grid with the quorum it makes.

type Meeting = SerializeFrom<NonNullable<Awaited<ReturnType<typeof getMeeting>>>>
type AgendaItem = Meeting['items'][number]
type Member = Meeting['quorum']['members'][number]

export function AgendaItemCard({
  item,
  canVote,
  canResolve,
  sitting,
}: {
  item: AgendaItem
  /** The secretariat may record this item's vote now. */
  canVote: boolean
  /** The secretariat may number a resolution for this item now. */
  canResolve: boolean
  sitting: Member[]
}) {
  const { t } = useTranslation('council')
  return (
    <li id={`item-${item.id}`} className="card stack">
      <Localised as="h3" className="h3" json={storedOrPlain(item.title_i18n, item.title)} />
      {item.description ? (
        <Localised
          as="p"
          className="pre-wrap"
          json={storedOrPlain(item.description_i18n, item.description)}
        />
      ) : null}
      {item.approves ? (
        <p>
          {t('meeting.approvesMinutesOf')}{' '}
          <TitleLink to={`/council/meetings/${item.approves.id}/minutes`} row={item.approves} />
        </p>
      ) : null}
      {item.motion ? (
        <p>
          <strong>{t('meeting.motion')}</strong> <bdi className="pre-wrap">{item.motion}</bdi>
        </p>
      ) : null}
      {item.outcome ? (
        <p>
          <span className={`status-badge status-badge--${item.outcome}`}>
            {t(`outcomes.${item.outcome}`)}
          </span>{' '}
          {t('meeting.votes', {
            yes: item.votes_yes ?? 0,
            no: item.votes_no ?? 0,
            abstain: item.votes_abstain ?? 0,
            present: item.present_at_vote ?? 0,
          })}
        </p>
      ) : null}
      {item.namedVotes.length ? (
        <details>
          <summary>{t('meeting.namedVotes')}</summary>
          <ul>
            {item.namedVotes.map((v) => (
              <li key={v.display_name}>
                <bdi>{v.display_name}</bdi>: {t(`votes.${v.vote}`)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {item.resolution ? (
        <p>
          <Link to={`/council/resolutions/${item.resolution.id}`}>
            {t('meeting.resolution', { code: isolate(item.resolution.code) })}
          </Link>{' '}
          — <Localised json={storedOrPlain(item.resolution.title_i18n, item.resolution.title)} />
        </p>
      ) : null}
      {canVote ? <VoteForms itemId={item.id} sitting={sitting} /> : null}
      {canResolve ? <ResolutionForm item={item} /> : null}
    </li>
  )
}

/** A refusal of the whole form is shown at the top of the page; this is for a value the grid sent. */
const fieldErrorsOnly = (failed: ActionFailure | undefined) =>
  failed && !failed.fieldErrors.form ? failed.fieldErrors : undefined

/** The vote by counts, or by name for each member sitting. */
function VoteForms({ itemId, sitting }: { itemId: string; sitting: Member[] }) {
  const { t } = useTranslation('council')
  const failedFor = useActionFailure()
  const failed = failedFor('vote', itemId)
  const failedNamed = failedFor('named', itemId)
  return (
    <div className="stack">
      <Form method="post" className="inline-form">
        <input type="hidden" name="itemId" value={itemId} />
        <TextField
          name="yes"
          inputMode="numeric"
          label={t('votes.yes')}
          defaultValue={failed?.values.yes}
          error={failed?.fieldErrors.yes}
        />
        <TextField
          name="no"
          inputMode="numeric"
          label={t('votes.no')}
          defaultValue={failed?.values.no}
          error={failed?.fieldErrors.no}
        />
        <TextField
          name="abstain"
          inputMode="numeric"
          label={t('votes.abstain')}
          defaultValue={failed?.values.abstain ?? '0'}
          error={failed?.fieldErrors.abstain}
        />
        <SubmitButton intent="vote">{t('meeting.recordVote')}</SubmitButton>
      </Form>
      <details>
        <summary>{t('meeting.recordNamed')}</summary>
        <Form method="post" className="stack">
          <FormErrorSummary errors={fieldErrorsOnly(failedNamed)} />
          <input type="hidden" name="itemId" value={itemId} />
          {sitting.map((s) => (
            <RadioGroup
              key={s.id}
              name={`v_${s.id}`}
              legend={s.display_name}
              options={VOTE_CHOICES.map((v) => ({ value: v, label: t(`votes.${v}`) }))}
            />
          ))}
          <SubmitButton intent="named">{t('meeting.recordVote')}</SubmitButton>
        </Form>
      </details>
    </div>
  )
}

function ResolutionForm({ item }: { item: AgendaItem }) {
  const { t } = useTranslation('council')
  const failed = useActionFailure()('resolution', item.id)
  return (
    <details open={Boolean(failed)}>
      <summary>{t('meeting.makeResolution')}</summary>
      <Form method="post" className="stack">
        <input type="hidden" name="itemId" value={item.id} />
        <TextField
          name="title"
          label={t('resolution.titleField')}
          defaultValue={failed?.values.title ?? item.title}
          error={failed?.fieldErrors.title}
        />
        <TextAreaField
          name="text"
          label={t('resolution.text')}
          rows={6}
          defaultValue={failed?.values.text ?? item.motion ?? ''}
          error={failed?.fieldErrors.text}
        />
        <TextField
          name="gazetteReference"
          label={t('resolution.gazette')}
          defaultValue={failed?.values.gazetteReference}
        />
        <SubmitButton intent="resolution">{t('meeting.makeResolutionSubmit')}</SubmitButton>
      </Form>
    </details>
  )
}

/**
 * The kind of an agenda item and, for a deliberation, the motion to be voted: on a new item, and
 * when a counsellor's proposal is accepted onto the agenda.
 */
export function ItemKindFields({
  failed,
  defaultKind,
  motionHint,
}: {
  failed: ActionFailure | undefined
  defaultKind: 'information' | 'deliberation'
  motionHint?: string
}) {
  const { t } = useTranslation('council')
  return (
    <>
      <SelectField
        name="kind"
        label={t('meeting.itemKind')}
        defaultValue={failed?.values.kind ?? defaultKind}
        options={[
          { value: 'deliberation', label: t('itemKinds.deliberation') },
          { value: 'information', label: t('itemKinds.information') },
        ]}
      />
      <TextAreaField
        name="motion"
        label={t('meeting.motion')}
        hint={motionHint}
        rows={3}
        defaultValue={failed?.values.motion}
        error={failed?.fieldErrors.motion}
      />
    </>
  )
}

/** A new agenda item; one that approves earlier minutes names the meeting they record. */
export function AddItemForm({
  earlier,
}: {
  earlier: { id: string; title: string; title_i18n: string | null }[]
}) {
  const { t } = useTranslation('council')
  const label = useLocalisedLabel()
  const failed = useActionFailure()('item')
  return (
    <Form method="post" className="stack card">
      <h3 className="h3">{t('meeting.addItem')}</h3>
      <FormErrorSummary errors={failed?.fieldErrors} />
      <TextField
        name="title"
        label={t('meeting.itemTitle')}
        defaultValue={failed?.values.title}
        error={failed?.fieldErrors.title}
      />
      <TextAreaField
        name="description"
        label={t('meeting.itemDescription')}
        rows={2}
        defaultValue={failed?.values.description}
      />
      <ItemKindFields failed={failed} defaultKind="deliberation" />
      {earlier.length ? (
        <SelectField
          name="approvesMinutesOf"
          label={t('meeting.approvesMinutesOf')}
          defaultValue={failed?.values.approvesMinutesOf ?? ''}
          error={failed?.fieldErrors.approvesMinutesOf}
          options={[
            { value: '', label: t('staff.none') },
            ...earlier.map((e) => ({ value: e.id, ...label(storedOrPlain(e.title_i18n, e.title)) })),
          ]}
        />
      ) : null}
      <SubmitButton intent="item" className="secondary">
        {t('meeting.addItemSubmit')}
      </SubmitButton>
    </Form>
  )
}

/** Attendance as a grid the secretariat fills while the meeting is live, or as a list. */
export function AttendanceSection({ quorum, editable }: { quorum: Meeting['quorum']; editable: boolean }) {
  const { t } = useTranslation('council')
  const failed = useActionFailure()('attendance')
  const byId = new Map(quorum.members.map((x) => [x.id, x.display_name]))
  return (
    <section aria-labelledby="attendance" className="stack">
      <h2 id="attendance">{t('meeting.attendance')}</h2>
      <QuorumPanel quorum={quorum} />
      {editable ? (
        <Form method="post" className="stack">
          <FormErrorSummary errors={fieldErrorsOnly(failed)} />
          {quorum.members.map((x) => (
            <SelectField
              key={x.id}
              name={`att_${x.id}`}
              label={`${x.display_name} — ${t(`roles.${x.role}`)}${x.alternate_for ? ` (${t('body.alternateFor', { name: byId.get(x.alternate_for) ?? '' })})` : ''}`}
              defaultValue={x.attendance ?? ''}
              options={[
                { value: '', label: t('attendance.unknown') },
                ...ATTENDANCE_STATUSES.map((s) => ({ value: s, label: t(`attendance.${s}`) })),
              ]}
            />
          ))}
          <SubmitButton intent="attendance">{t('meeting.saveAttendance')}</SubmitButton>
        </Form>
      ) : (
        <ul>
          {quorum.members.map((x) => (
            <li key={x.id}>
              <bdi>{x.display_name}</bdi> ({t(`sectors.${x.sector}`)}, {t(`roles.${x.role}`)}):{' '}
              {x.attendance ? t(`attendance.${x.attendance}`) : t('attendance.unknown')}
              {x.sittingInFor
                ? ` — ${t('meeting.sittingInFor', { name: byId.get(x.sittingInFor) ?? '' })}`
                : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** While a meeting is convened or in session, the page refreshes its data (attendance, quorum, votes). */
export function useLiveRefresh(active: boolean) {
  const revalidator = useRevalidator()
  useEffect(() => {
    if (!active) return
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible' && revalidator.state === 'idle') revalidator.revalidate()
    }, 15_000)
    return () => window.clearInterval(timer)
  }, [active, revalidator])
}
