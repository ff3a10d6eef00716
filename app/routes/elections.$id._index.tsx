import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getActor, requirePermission } from '../auth/guards.server'
import { archiveUrl, ballotsPerArchive, publicArchives } from '../belenios/publish.server'
import { electionSwearings } from '../council/terms.server'
import { contestTitle, segmentHelp } from '../elections/ballot-form'
import {
  appealCandidacy,
  appealOpen,
  candidaciesOfUser,
  nameRepresentative,
  translateStatement,
  withdrawCandidacy,
} from '../elections/candidacies.server'
import { getElection, hasVoted } from '../elections/lifecycle.server'
import { MyCandidacyCard } from '../elections/my-candidacy-view'
import { CpmSeats } from '../elections/share-view'
import { listPollingPlaces } from '../elections/polling-places.server'
import { PollingPlacesList } from '../elections/polling-places-view'
import { electionRules } from '../elections/rules.server'
import { ElectionRulesSection } from '../elections/rules-view'
import { atLeast, boardPublic, candidatesPublic, resultsPublic } from '../elections/phases'
import {
  AppealSchema,
  RepresentativeSchema,
  TranslateSchema,
  WithdrawSchema,
} from '../elections/schemas.server'
import { PhaseBadge, PhaseTimeline } from '../elections/view'
import { rollEntryOfUser } from '../elections/voting.server'
import { getDb } from '../lib/db.server'
import { publicOrigin } from '../lib/env.server'
import { formAction, intent } from '../lib/form-action.server'
import { DoneNotice, useActionFailure } from '../ui/action-feedback'
import { isolate, Localised, useLocalisedLabel } from '../ui/localised'
import { formatDate } from '../ui/format'
import { DateTime } from '../ui/time'
import { Arrow } from '../ui/icons'

export const handle = {
  i18n: ['elections', 'polling', 'registration', 'easyread'],
  title: 'elections:overview.title',
  hydrate: false,
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'elections.view')
  const db = getDb()
  const found = await getElection(db, params.id ?? '')
  if (!found || found.election.phase === 'draft') throw new Response('Not found', { status: 404 })
  const user = await getActor(request, db)
  const { election, contests } = found
  const roll = user ? await rollEntryOfUser(db, { electionId: election.id, userId: user.id }) : null
  const me = user
    ? {
        onRoll: Boolean(roll),
        voted: roll
          ? await hasVoted(db, { electionId: election.id, registrationId: roll.registration_id })
          : false,
        candidacies: (await candidaciesOfUser(db, { userId: user.id, electionId: election.id })).map((c) => ({
          id: c.id,
          contest_id: c.contest_id,
          kind: c.kind,
          representative_name: c.representative_name,
          status: c.status,
          decision_reason: c.decision_reason,
          statement_i18n: c.statement_i18n,
          // The deadline of a rejection not yet appealed (an appeal, or its dismissal, closes it).
          appeal_deadline: c.status === 'rejected' && c.appeal_text === null ? c.appeal_deadline : null,
          // Asked here, not in the component: "now" is the server's (no hydration mismatch).
          appeal_open: appealOpen({ ...c, phase: election.phase }, new Date()),
        })),
      }
    : null
  // A verifiable election's archives are public from the Setup on (ADR 033), with their ballots so far.
  const archives = await publicArchives(db, election.id)
  const ballots = await ballotsPerArchive(
    db,
    archives.map((a) => a.uuid),
  )
  return json({
    election: {
      id: election.id,
      body: election.body,
      title_i18n: election.title_i18n,
      description_i18n: election.description_i18n,
      phase: election.phase,
      candidacy_deadline: election.candidacy_deadline,
      voting_starts: election.voting_starts,
      voting_ends: election.voting_ends,
      candidacy_appeal_days: election.candidacy_appeal_days,
      gazette_reference: election.gazette_reference,
      gazette_published_on: election.gazette_published_on,
    },
    swearings: await electionSwearings(db, election.id),
    contests,
    rules: (await electionRules(db, election.id))!,
    me,
    signedIn: Boolean(user),
    pollingPlaces: await listPollingPlaces(db, election.id),
    verifiable: election.ballot_format === 'belenios',
    archives: archives.map((a) => ({
      uuid: a.uuid,
      // null: the segments' archive (every voter); else the subprefecture's name.
      group:
        a.group === 'segments'
          ? null
          : (contests.find((c) => a.group === `subprefecture-${c.subprefecture_id}`)?.subprefecture ??
            a.group),
      url: archiveUrl('', election.id, a.uuid),
      ballots: ballots.get(a.uuid) ?? 0,
    })),
    // What an observer types (README, "Verify an election"): absolute addresses.
    origin: publicOrigin(),
  })
}

/** `applied` comes from the application page, which returns here. */
const DONE = ['applied', 'withdrawn', 'appealed', 'translated', 'representative'] as const
type Done = (typeof DONE)[number]

export async function action(args: ActionFunctionArgs) {
  return formAction<Done>(args, {
    permission: 'elections.apply',
    back: `/elections/${args.params.id}`,
    done: DONE,
    target: 'candidacyId',
    intents: {
      withdraw: intent({
        permission: 'elections.apply',
        schema: WithdrawSchema,
        run: ({ db, user, data }) =>
          withdrawCandidacy(db, { userId: user.id, candidacyId: data.candidacyId }),
        done: 'withdrawn',
      }),
      appeal: intent({
        permission: 'elections.apply',
        schema: AppealSchema,
        run: ({ db, user, data }) => appealCandidacy(db, { userId: user.id, ...data }),
        done: 'appealed',
      }),
      translate: intent({
        permission: 'elections.apply',
        schema: TranslateSchema,
        run: ({ db, user, data }) => translateStatement(db, { userId: user.id, ...data }),
        done: 'translated',
      }),
      representative: intent({
        permission: 'elections.apply',
        schema: RepresentativeSchema,
        run: ({ db, user, data }) => nameRepresentative(db, { userId: user.id, ...data }),
        done: 'representative',
      }),
    },
  })
}

export default function ElectionOverview() {
  const { t, i18n } = useTranslation(['elections', 'common'])
  const label = useLocalisedLabel()
  const { election, contests, rules, me, signedIn, swearings, pollingPlaces, archives, verifiable, origin } =
    useLoaderData<typeof loader>()
  const formError = useActionFailure()()?.fieldErrors.form
  const phase = election.phase
  return (
    <div className="page">
      <p>
        <Link to="/elections">
          <Arrow kind="back" /> {t('list.title')}
        </Link>
      </p>
      <Localised as="h1" json={election.title_i18n} />
      <p>
        {t(`bodies.${election.body}`)} · <PhaseBadge phase={phase} />
      </p>
      <DoneNotice keys={DONE} message={(done) => t(`overview.done.${done}`)} />
      {formError ? (
        <p className="notice notice--error" role="alert">
          {t(`errors.${formError}`)}
        </p>
      ) : null}
      <Localised as="p" json={election.description_i18n} className="pre-wrap" />

      <section aria-labelledby="next-steps" className="stack">
        <h2 id="next-steps">{t('overview.whatNow')}</h2>
        {phase === 'candidacy_open' ? (
          <p>
            {election.candidacy_deadline ? (
              <>
                {t('overview.deadline')}{' '}
                <DateTime iso={election.candidacy_deadline} language={i18n.language} />.{' '}
              </>
            ) : null}
            <Link className="button" to={`/elections/${election.id}/apply`}>
              {t('overview.apply')}
            </Link>
          </p>
        ) : null}
        {phase === 'voting_open' ? (
          me?.voted ? (
            <p className="notice notice--ok">{t('overview.youVoted')}</p>
          ) : me && !me.onRoll ? (
            <p className="notice">{t('overview.notOnRoll')}</p>
          ) : (
            <p>
              <Link className="button" to={`/elections/${election.id}/vote`}>
                {t('overview.vote')}
              </Link>
              {!signedIn ? <span className="muted"> {t('overview.loginToVote')}</span> : null}
            </p>
          )
        ) : null}
        {resultsPublic(phase) ? (
          <p>
            <Link className="button" to={`/elections/${election.id}/results`}>
              {t('overview.results')}
            </Link>
          </p>
        ) : null}
        {boardPublic(phase) && !verifiable ? (
          <p>
            <Link to={`/elections/${election.id}/verify`}>{t('overview.verify')}</Link>
          </p>
        ) : null}
        {!['candidacy_open', 'voting_open'].includes(phase) &&
        !resultsPublic(phase) &&
        !(boardPublic(phase) && !verifiable) ? (
          <p>{t(`overview.phaseHelp.${atLeast(phase, 'voting_closed') ? 'counting' : 'waiting'}`)}</p>
        ) : null}
      </section>

      {verifiable ? (
        <VerifiableArchives
          electionId={election.id}
          archives={archives}
          origin={origin}
          final={resultsPublic(phase)}
        />
      ) : null}

      {me && me.candidacies.length ? (
        <section aria-labelledby="my-candidacy" className="stack">
          <h2 id="my-candidacy">{t('overview.myCandidacy')}</h2>
          {me.candidacies.map((c) => (
            <MyCandidacyCard key={c.id} candidacy={c} contests={contests} phase={phase} />
          ))}
        </section>
      ) : null}

      <section aria-labelledby="contests">
        <h2 id="contests">{t('overview.contests')}</h2>
        {!candidatesPublic(phase) ? <p>{t('overview.listNotPublished')}</p> : null}
        {election.body === 'cpm' ? (
          // Seats per subprefecture from the immigrant share, with its source and date (issue #17).
          <CpmSeats
            contests={contests}
            nameOf={(c) =>
              candidatesPublic(phase) ? (
                <Link to={`/elections/${election.id}/contests/${c.id}`}>{c.subprefecture}</Link>
              ) : (
                c.subprefecture
              )
            }
          />
        ) : (
          <ul className="contest-list">
            {contests.map((c) => (
              <li key={c.id}>
                {candidatesPublic(phase) ? (
                  <Link to={`/elections/${election.id}/contests/${c.id}`}>{contestTitle(t, c)}</Link>
                ) : (
                  contestTitle(t, c)
                )}{' '}
                — {t('overview.seats', { count: c.seats })}
                {segmentHelp(t, c) ? <p className="muted">{segmentHelp(t, c)}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <PollingPlacesList places={pollingPlaces} electionId={election.id} />

      <section aria-labelledby="calendar">
        <h2 id="calendar">{t('overview.calendar')}</h2>
        <PhaseTimeline phase={phase} />
        {election.voting_starts && election.voting_ends ? (
          <p>
            {t('overview.votingWindow')}: <DateTime iso={election.voting_starts} language={i18n.language} /> –{' '}
            <DateTime iso={election.voting_ends} language={i18n.language} />
          </p>
        ) : null}
        {!atLeast(phase, 'final_list') ? (
          <p>{t('overview.appealWindow', { count: election.candidacy_appeal_days })}</p>
        ) : null}
        {election.gazette_reference ? (
          <p>
            {t('overview.gazette')}: <bdi dir="ltr">{election.gazette_reference}</bdi>
            {election.gazette_published_on
              ? ` — ${t('overview.gazetteOn', { date: formatDate(election.gazette_published_on, i18n.language) })}`
              : ''}
          </p>
        ) : null}
        {swearings.map((s) => (
          <p key={s.id}>
            {t('overview.swornIn', {
              body: isolate(label(s.name_i18n).label),
              date: formatDate(s.sworn_in_on, i18n.language),
            })}
          </p>
        ))}
      </section>

      <ElectionRulesSection rules={rules} />
    </div>
  )
}

type ArchiveLink = { uuid: string; group: string | null; url: string; ballots: number }

/**
 * A verifiable (Belenios) election's public archives (ADR 033/034): one per contest group, with
 * the ballots appended so far, the tracker check, and once counted the three commands of the
 * README's "Verify an election" with this election's addresses. Plain links: works without JS.
 */
function VerifiableArchives({
  electionId,
  archives,
  origin,
  final,
}: {
  electionId: string
  archives: ArchiveLink[]
  origin: string
  final: boolean
}) {
  const { t } = useTranslation('elections')
  return (
    <section aria-labelledby="verifiable" className="stack">
      <h2 id="verifiable">{t('verifiable.title')}</h2>
      {archives.length === 0 ? (
        <p>{t('verifiable.noArchives')}</p>
      ) : (
        <>
          <p>{t('overview.belenios.intro')}</p>
          <ul className="belenios-archives">
            {archives.map((a) => (
              <li key={a.uuid}>
                <a href={a.url} download>
                  {t('belenios.archive')}
                </a>{' '}
                — {a.group === null ? t('verifiable.segments') : <bdi>{a.group}</bdi>} —{' '}
                {t('overview.belenios.ballots', { count: a.ballots })}{' '}
                <code className="mono muted" dir="ltr">
                  {a.uuid}
                </code>
              </li>
            ))}
          </ul>
          <p>
            <Link to={`/elections/${electionId}/verify`}>{t('overview.belenios.check')}</Link>
          </p>
          {final ? (
            <>
              <h3>{t('overview.belenios.verifyTitle')}</h3>
              <p>{t('overview.belenios.verifyIntro')}</p>
              {archives.map((a) => (
                <pre key={a.uuid} dir="ltr" className="belenios-commands" tabIndex={0}>
                  <code>{verifyCommands(origin, electionId, a.uuid)}</code>
                </pre>
              ))}
            </>
          ) : (
            <p>{t('overview.belenios.verifyLater')}</p>
          )}
        </>
      )}
    </section>
  )
}

/** README's three commands for one archive (download, belenios-tool, our recount). */
function verifyCommands(origin: string, electionId: string, uuid: string) {
  const base = `${origin}/open-data/elections/${encodeURIComponent(electionId)}`
  return [
    `curl -o results.json ${base}/results.json`,
    `mkdir ${uuid} && curl -o ${uuid}/${uuid}.bel ${base}/belenios/${uuid}.bel`,
    `belenios-tool election verify --dir ${uuid}`,
    `npm run recount -- ${uuid}/${uuid}.bel results.json`,
  ].join('\n')
}
