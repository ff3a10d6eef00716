import type { SerializeFrom } from '@remix-run/node'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'
import { formatPercent, formatNumber } from '../ui/format'
import { FormErrorSummary, SelectField, TextField } from '../ui/form'
import { TableRegion } from '../ui/table'
import { DateTime } from '../ui/time'
import type { attendanceStats } from './archive.server'
import type { membersOn } from './bodies.server'
import { useLocalisedLabel } from '../ui/localised'

// The parts of a council body's page: its members, their attendance record, and the secretariat's
// forms (schedule a meeting, add or seat members; departures are in terms-view).

type Member = SerializeFrom<Awaited<ReturnType<typeof membersOn>>[number]>
type Stats = SerializeFrom<Awaited<ReturnType<typeof attendanceStats>>>
/** Elections whose official result seats members on this body (`bodySeatings`). */
type Elections = { id: string; title_i18n: string }[]

export function MembersTable({ members }: { members: Member[] }) {
  const { t, i18n } = useTranslation('council')
  const name = (id: string | null) => members.find((m) => m.id === id)?.display_name ?? ''
  return (
    <section aria-labelledby="members">
      <h2 id="members">{t('body.members', { n: members.length })}</h2>
      <TableRegion
        labelledBy="members"
        headers={[t('body.name'), t('body.sector'), t('body.role'), t('body.term')]}
      >
        {members.map((m) => (
          <tr key={m.id}>
            <th scope="row">
              <bdi>{m.display_name}</bdi>
              {m.organisation ? (
                <span className="muted">
                  {' '}
                  — <bdi>{m.organisation}</bdi>
                </span>
              ) : null}
            </th>
            <td>
              {t(`sectors.${m.sector}`)}
              {m.segment ? ` (${t('body.segment', { segment: m.segment })})` : ''}
            </td>
            <td>
              {t(`roles.${m.role}`)}
              {m.alternate_for ? ` — ${t('body.alternateFor', { name: name(m.alternate_for) })}` : ''}
            </td>
            <td>
              <DateTime iso={m.term_starts} language={i18n.language} dateOnly />
              {m.term_ends ? (
                <>
                  {' '}
                  – <DateTime iso={m.term_ends} language={i18n.language} dateOnly />
                </>
              ) : null}
            </td>
          </tr>
        ))}
      </TableRegion>
    </section>
  )
}

/** Each member's attendance in the meetings held during their term (absenteeism is public). */
export function AttendanceStatsTable({ stats }: { stats: Stats }) {
  const { t, i18n } = useTranslation('council')
  return (
    <section aria-labelledby="stats">
      <h2 id="stats">{t('body.stats')}</h2>
      <p>{t('body.statsIntro')}</p>
      <TableRegion
        labelledBy="stats"
        headers={[
          t('body.name'),
          t('body.role'),
          t('body.meetings'),
          t('attendance.present'),
          t('attendance.excused'),
          t('attendance.absent'),
          t('body.rate'),
        ]}
      >
        {stats
          .filter((s) => s.meetings > 0)
          .map((s) => (
            <tr key={s.id}>
              <th scope="row">
                <bdi>{s.display_name}</bdi>
                {s.term_ends ? <span className="muted"> ({t('body.former')})</span> : null}
              </th>
              <td>{t(`roles.${s.role}`)}</td>
              <td>{formatNumber(s.meetings, i18n.language)}</td>
              <td>{formatNumber(s.present, i18n.language)}</td>
              <td>{formatNumber(s.excused, i18n.language)}</td>
              <td>{formatNumber(s.absent, i18n.language)}</td>
              <td>{s.rate === null ? '—' : formatPercent(s.rate, i18n.language)}</td>
            </tr>
          ))}
      </TableRegion>
    </section>
  )
}

export function ScheduleMeetingForm() {
  const { t } = useTranslation('council')
  const failed = useActionFailure()('meeting')
  return (
    <section aria-labelledby="schedule" className="stack card">
      <h2 id="schedule">{t('staff.schedule')}</h2>
      <FormErrorSummary errors={failed?.fieldErrors} />
      <Form method="post" className="stack">
        <SelectField
          name="kind"
          label={t('meeting.kind')}
          defaultValue={failed?.values.kind ?? 'ordinary'}
          options={[
            { value: 'ordinary', label: t('meetingKinds.ordinary') },
            { value: 'extraordinary', label: t('meetingKinds.extraordinary') },
          ]}
        />
        <TextField
          name="title"
          label={t('meeting.titleField')}
          defaultValue={failed?.values.title}
          error={failed?.fieldErrors.title}
        />
        <TextField
          name="startsAt"
          type="datetime-local"
          label={t('meeting.startsAt')}
          hint={t('meeting.timeZoneHint')}
          defaultValue={failed?.values.startsAt}
          error={failed?.fieldErrors.startsAt}
        />
        <TextField
          name="place"
          label={t('meeting.place')}
          defaultValue={failed?.values.place}
          error={failed?.fieldErrors.place}
        />
        <TextField
          name="onlineUrl"
          type="url"
          label={t('meeting.onlineUrl')}
          defaultValue={failed?.values.onlineUrl}
          error={failed?.fieldErrors.onlineUrl}
        />
        <SubmitButton intent="meeting">{t('staff.scheduleSubmit')}</SubmitButton>
      </Form>
    </section>
  )
}

/** A member appointed by hand, or the members an election's official result seated. */
export function AddMemberForms({ members, elections }: { members: Member[]; elections: Elections }) {
  const { t } = useTranslation('council')
  const label = useLocalisedLabel()
  const failed = useActionFailure()('member')
  const seatFailed = useActionFailure()('seat')
  const fullMembers = members.filter((m) => m.role === 'full')
  return (
    <section aria-labelledby="add-member" className="stack card">
      <h2 id="add-member">{t('staff.addMember')}</h2>
      <FormErrorSummary errors={failed?.fieldErrors} />
      <Form method="post" className="stack">
        <TextField
          name="displayName"
          label={t('body.name')}
          defaultValue={failed?.values.displayName}
          error={failed?.fieldErrors.displayName}
        />
        <SelectField
          name="sector"
          label={t('body.sector')}
          defaultValue={failed?.values.sector ?? 'government'}
          options={[
            { value: 'government', label: t('sectors.government') },
            { value: 'civil_society', label: t('sectors.civil_society') },
          ]}
        />
        <TextField
          name="organisation"
          label={t('staff.organisation')}
          defaultValue={failed?.values.organisation}
          error={failed?.fieldErrors.organisation}
        />
        <TextField
          name="segment"
          label={t('staff.segment')}
          hint={t('staff.segmentHint')}
          defaultValue={failed?.values.segment}
          error={failed?.fieldErrors.segment}
        />
        <SelectField
          name="role"
          label={t('body.role')}
          defaultValue={failed?.values.role ?? 'full'}
          options={[
            { value: 'full', label: t('roles.full') },
            { value: 'alternate', label: t('roles.alternate') },
          ]}
        />
        <SelectField
          name="alternateFor"
          label={t('staff.alternateFor')}
          defaultValue={failed?.values.alternateFor ?? ''}
          error={failed?.fieldErrors.alternateFor}
          options={[
            { value: '', label: t('staff.none') },
            ...fullMembers.map((m) => ({ value: m.id, label: m.display_name })),
          ]}
        />
        <TextField
          name="termStarts"
          type="date"
          label={t('staff.termStarts')}
          defaultValue={failed?.values.termStarts}
          error={failed?.fieldErrors.termStarts}
        />
        <TextField
          name="termEnds"
          type="date"
          label={t('staff.termEnds')}
          defaultValue={failed?.values.termEnds}
          error={failed?.fieldErrors.termEnds}
        />
        <SubmitButton intent="member" className="secondary">
          {t('staff.addMemberSubmit')}
        </SubmitButton>
      </Form>
      {elections.length ? (
        <Form method="post" className="inline-form">
          <SelectField
            name="electionId"
            error={seatFailed?.fieldErrors.electionId}
            label={t('staff.seatElected')}
            options={elections.map((e) => ({ value: e.id, ...label(e.title_i18n) }))}
          />
          <SubmitButton intent="seat" className="secondary">
            {t('staff.seatSubmit')}
          </SubmitButton>
        </Form>
      ) : null}
    </section>
  )
}
