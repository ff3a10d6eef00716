import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { campaignsOfElection } from '../notices/campaigns.server'
import { ELECTION_PHASES, type ElectionPhase } from '../../db/schema'
import { requirePermission, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { CandidacyReview } from '../elections/candidacy-review-view'
import { candidaciesForReview, decideCandidacy } from '../elections/candidacies.server'
import { turnout } from '../elections/counting.server'
import { ceremonyProgress } from '../elections/trustees.server'
import { decryptionProgress } from '../elections/verifiable.server'
import { advancePhase, getElection, setCalendar } from '../elections/lifecycle.server'
import { pollWorkerIds } from '../elections/poll-workers.server'
import { APPEAL_DAYS_RANGE, atLeast, nextPhase } from '../elections/phases'
import { defaultVotingWindow } from '../elections/polling-place'
import { AdvanceSchema, CalendarSchema, DecideCandidacySchema } from '../elections/schemas.server'
import { PhaseBadge, PhaseTimeline } from '../elections/view'
import { toLocalInput } from '../lib/dates'
import { getDb } from '../lib/db.server'
import { unresolvedDuplicateCount } from '../registration/duplicate-review.server'
import { formAction, intent } from '../lib/form-action.server'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { FormErrorSummary, TextField } from '../ui/form'
import { Localised } from '../ui/localised'
import { Arrow } from '../ui/icons'
import { TableRegion } from '../ui/table'

export const handle = { i18n: ['elections', 'notices'], title: 'elections:manage.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'elections.manage')
  const db = getDb()
  const found = await getElection(db, params.id ?? '')
  if (!found) throw new Response('Not found', { status: 404 })
  const [candidacies, votes, duplicates, workers, campaigns] = await Promise.all([
    candidaciesForReview(db, found.election.id),
    turnout(db, found.election.id),
    // Likely duplicates hold the roll: voting cannot open while any is unanswered.
    atLeast(found.election.phase, 'voting_open') ? 0 : unresolvedDuplicateCount(db, found.election.cycle_id),
    pollWorkerIds(db, found.election.id),
    campaignsOfElection(db, found.election.id),
  ])
  const { election } = found
  // A verifiable election (ADR 034): the commission's key ceremony and the archives' progress.
  const belenios = election.ballot_format === 'belenios'
  const [ceremony, archives] = belenios
    ? await Promise.all([ceremonyProgress(db, election.id), decryptionProgress(db, election.id)])
    : [null, []]
  const subprefectureOf = (groupKey: string) =>
    found.contests.find((c) => groupKey === `subprefecture-${c.subprefecture_id}`)?.subprefecture ?? groupKey
  return json({
    election: {
      id: election.id,
      body: election.body,
      title_i18n: election.title_i18n,
      phase: election.phase,
      candidacy_deadline: election.candidacy_deadline,
      voting_starts: election.voting_starts,
      voting_ends: election.voting_ends,
      candidacy_appeal_days: election.candidacy_appeal_days,
      gazette_reference: election.gazette_reference,
      ballot_format: election.ballot_format,
    },
    ceremony: ceremony
      ? {
          state: ceremony.state,
          threshold: ceremony.threshold,
          members: ceremony.members.length,
        }
      : null,
    archives: archives.map((a) => ({
      uuid: a.uuid,
      group: a.groupKey === 'segments' ? null : subprefectureOf(a.groupKey),
      ballots: a.ballots,
      decryptions: a.memberDecryptions.length,
      threshold: a.threshold,
      ended: a.lastEvent !== null && a.lastEvent !== 'Setup' && a.lastEvent !== 'Ballot',
      counted: a.counted,
    })),
    // The form starts from the council's voting day (a Sunday, 08:00–17:00) until hours are set.
    suggestedWindow: defaultVotingWindow(new Date()),
    next: nextPhase(election.phase),
    contestCount: found.contests.length,
    seats: found.contests.reduce((n, c) => n + c.seats, 0),
    candidacies,
    turnout: votes,
    duplicates,
    // The polling station opens only for the workers the commission named (#16.13): no link to a 403.
    canPollWork: can(toActor(user), 'elections.pollWork', { pollWorkerIds: workers }),
    campaigns,
  })
}

/** `moved_<phase>`: the election moved to that phase. */
const DONE = ['calendar', 'decision', ...ELECTION_PHASES.map((p) => `moved_${p}` as const)] as const
type Done = (typeof DONE)[number]

export async function action(args: ActionFunctionArgs) {
  const electionId = args.params.id ?? ''
  return formAction<Done>(args, {
    permission: 'elections.manage',
    back: `/staff/elections/${electionId}`,
    done: DONE,
    target: 'candidacyId',
    intents: {
      advance: intent({
        permission: 'elections.manage',
        schema: AdvanceSchema,
        run: ({ db, user, data }) => advancePhase(db, { actorUserId: user.id, electionId, ...data }),
        done: (moved: { phase: ElectionPhase }) => `moved_${moved.phase}` as const,
      }),
      calendar: intent({
        permission: 'elections.manage',
        schema: CalendarSchema,
        run: ({ db, user, data }) => setCalendar(db, { actorUserId: user.id, electionId, ...data }),
        done: 'calendar',
      }),
      decide: intent({
        permission: 'elections.manage',
        schema: DecideCandidacySchema,
        run: ({ db, user, data }) =>
          decideCandidacy(db, {
            actorUserId: user.id,
            candidacyId: data.candidacyId,
            accept: data.decision === 'accept',
            reason: data.reason,
          }),
        done: 'decision',
        suffix: () => '#candidacies',
      }),
    },
  })
}

/** Steps whose effect differs for a verifiable election (ADR 034). */
const BELENIOS_EFFECTS: string[] = ['voting_open', 'voting_closed', 'counted']

/** A 'belenios' election: the commission's key ceremony and, per archive, ballots and decryptions. */
function Verifiable() {
  const { t } = useTranslation('elections')
  const { election, ceremony, archives } = useLoaderData<typeof loader>()
  const closed = atLeast(election.phase, 'voting_closed')
  return (
    <section aria-labelledby="verifiable" className="stack">
      <h2 id="verifiable">{t('verifiable.title')}</h2>
      <p>
        {ceremony === null
          ? t('verifiable.ceremony.none')
          : ceremony.state === 'done'
            ? t('verifiable.ceremony.done', { k: String(ceremony.threshold), n: String(ceremony.members) })
            : t('verifiable.ceremony.running', {
                k: String(ceremony.threshold),
                n: String(ceremony.members),
              })}{' '}
        <Link to={`/elections/${election.id}/trustees`}>{t('verifiable.ceremony.link')}</Link>
      </p>
      {archives.length === 0 ? (
        <p>{t('verifiable.noArchives')}</p>
      ) : (
        <TableRegion
          labelledBy="verifiable"
          headers={[
            t('verifiable.archive'),
            t('verifiable.contests'),
            t('verifiable.ballots'),
            ...(closed ? [t('verifiable.decryptions')] : []),
          ]}
        >
          {archives.map((a) => (
            <tr key={a.uuid}>
              <th scope="row">
                <bdi className="mono">{a.uuid}</bdi>
              </th>
              <td>{a.group === null ? t('verifiable.segments') : <bdi>{a.group}</bdi>}</td>
              <td>{a.ballots}</td>
              {closed ? (
                <td>
                  {a.counted
                    ? t('verifiable.counted')
                    : a.ended
                      ? t('verifiable.decryptionsOf', { done: String(a.decryptions), k: String(a.threshold) })
                      : null}
                </td>
              ) : null}
            </tr>
          ))}
        </TableRegion>
      )}
    </section>
  )
}

export default function ManageElection() {
  const { t } = useTranslation(['elections', 'common', 'notices'])
  const data = useLoaderData<typeof loader>()
  const failedFor = useActionFailure()
  const { election, next, canPollWork } = data
  const advanceFailed = failedFor('advance')
  const calendarFailed = failedFor('calendar')
  const formError = failedFor()?.fieldErrors.form
  return (
    <div className="page">
      <p>
        <Link to="/staff/elections">
          <Arrow kind="back" /> {t('staff.title')}
        </Link>
      </p>
      <Localised as="h1" json={election.title_i18n} />
      <p>
        {t(`bodies.${election.body}`)} · <PhaseBadge phase={election.phase} /> ·{' '}
        {t('manage.contestsSeats', {
          contests: t('counts.contests', { count: data.contestCount }),
          seats: t('counts.seats', { count: data.seats }),
        })}
      </p>
      <DoneNotice
        keys={DONE}
        message={(done) =>
          done.startsWith('moved_')
            ? t('manage.moved', { phase: t(`phases.${done.slice('moved_'.length)}`) })
            : t(`manage.saved.${done}`)
        }
      />
      {formError ? (
        <p className="notice notice--error" role="alert">
          {t(`errors.${formError}`)}
        </p>
      ) : null}
      <section aria-labelledby="notices-to-roll">
        <h2 id="notices-to-roll">{t('notices:staff.title')}</h2>
        {data.campaigns.length === 0 ? (
          <p>{t('notices:staff.none')}</p>
        ) : (
          <ul>
            {data.campaigns.map((c) => (
              <li key={c.kind}>
                {c.total === null || c.remaining === null ? (
                  t('notices:staff.pending', { kind: t(`notices:campaigns.${c.kind}`) })
                ) : (
                  <>
                    {t('notices:staff.progress', {
                      kind: t(`notices:campaigns.${c.kind}`),
                      sent: String(c.sent),
                      notSent: String(c.notSent),
                      remaining: String(c.remaining),
                      total: String(c.total),
                    })}
                    {c.notSent > 0 ? (
                      <>
                        <br />
                        <span className="muted">
                          {t('notices:staff.notSentWhy', {
                            noContact: String(c.notSentBy.no_contact),
                            optedOut: String(c.notSentBy.opted_out),
                            erased: String(c.notSentBy.erased),
                          })}
                        </span>
                      </>
                    ) : null}
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <p className="actions">
        <Link to={`/elections/${election.id}`}>{t('manage.publicPage')}</Link>
        <Link to={`/staff/elections/${election.id}/polling-staff`}>{t('staffing.title')}</Link>
        <Link to={`/staff/elections/${election.id}/polling-places`}>{t('manage.pollingPlaces')}</Link>
        {election.phase === 'voting_open' && canPollWork ? (
          <Link className="button" to={`/staff/elections/${election.id}/polling-station`}>
            {t('manage.pollingStation')}
          </Link>
        ) : null}
        {atLeast(election.phase, 'preliminary_result') ? (
          <Link to={`/elections/${election.id}/results`}>{t('overview.results')}</Link>
        ) : null}
      </p>

      <section aria-labelledby="phase" className="stack">
        <h2 id="phase">{t('manage.phase')}</h2>
        <PhaseTimeline phase={election.phase} />
        {data.duplicates > 0 ? (
          <p className="notice">
            {t('manage.duplicates', { count: data.duplicates })}{' '}
            <Link to="/staff/registrations/duplicates">{t('manage.reviewDuplicates')}</Link>
          </p>
        ) : null}
        {atLeast(election.phase, 'voting_open') ? (
          <p>{t('manage.turnout', { voted: String(data.turnout.voted), roll: String(data.turnout.roll) })}</p>
        ) : null}
        {next ? (
          <Form method="post" className="stack card">
            <input type="hidden" name="intent" value="advance" />
            <input type="hidden" name="to" value={next} />
            <p>
              {election.ballot_format === 'belenios' && BELENIOS_EFFECTS.includes(next)
                ? t(`verifiable.effects.${next}`)
                : t(`manage.effects.${next}`)}
            </p>
            {next === 'official_result' ? (
              <TextField
                name="gazetteReference"
                label={t('manage.gazette')}
                hint={t('manage.gazetteHint')}
                defaultValue={advanceFailed?.values.gazetteReference}
                error={advanceFailed?.fieldErrors.gazetteReference}
              />
            ) : null}
            <SubmitButton>{t('manage.advance', { phase: t(`phases.${next}`) })}</SubmitButton>
          </Form>
        ) : (
          <p>{t('manage.finished')}</p>
        )}
      </section>

      {election.ballot_format === 'belenios' ? <Verifiable /> : null}

      {!atLeast(election.phase, 'voting_open') ? (
        <section aria-labelledby="calendar" className="stack">
          <h2 id="calendar">{t('manage.calendar')}</h2>
          <FormErrorSummary errors={calendarFailed?.fieldErrors} />
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="calendar" />
            {!atLeast(election.phase, 'review') ? (
              <TextField
                type="datetime-local"
                name="candidacyDeadline"
                label={t('manage.deadline')}
                hint={t('manage.timeZoneHint')}
                defaultValue={
                  calendarFailed?.values.candidacyDeadline ?? toLocalInput(election.candidacy_deadline)
                }
                error={calendarFailed?.fieldErrors.candidacyDeadline}
              />
            ) : null}
            <TextField
              type="datetime-local"
              name="votingStarts"
              label={t('manage.votingStarts')}
              hint={t('manage.timeZoneHint')}
              defaultValue={
                calendarFailed?.values.votingStarts ??
                toLocalInput(election.voting_starts ?? data.suggestedWindow.starts)
              }
              error={calendarFailed?.fieldErrors.votingStarts}
            />
            <TextField
              type="datetime-local"
              name="votingEnds"
              label={t('manage.votingEnds')}
              hint={t('manage.votingHoursHint')}
              defaultValue={
                calendarFailed?.values.votingEnds ??
                toLocalInput(election.voting_ends ?? data.suggestedWindow.ends)
              }
              error={calendarFailed?.fieldErrors.votingEnds}
            />
            {!atLeast(election.phase, 'final_list') ? (
              <TextField
                type="number"
                name="appealDays"
                min={APPEAL_DAYS_RANGE.min}
                max={APPEAL_DAYS_RANGE.max}
                label={t('manage.appealDays')}
                hint={t('manage.appealDaysHint', APPEAL_DAYS_RANGE)}
                defaultValue={calendarFailed?.values.appealDays ?? String(election.candidacy_appeal_days)}
                error={calendarFailed?.fieldErrors.appealDays}
              />
            ) : null}
            <SubmitButton className="secondary">{t('manage.saveCalendar')}</SubmitButton>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="candidacies" className="stack">
        <h2 id="candidacies">{t('manage.candidacies', { n: data.candidacies.length })}</h2>
        {data.candidacies.length === 0 ? <p>{t('manage.noCandidacies')}</p> : null}
        {data.candidacies.map((c) => (
          <CandidacyReview key={c.id} candidacy={c} phase={election.phase} electionId={election.id} />
        ))}
      </section>
    </div>
  )
}
