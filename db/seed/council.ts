import type { Insertable, Kysely, Transaction } from 'kysely'
import { CMI_COMPOSITION } from '../../app/council/composition'
import { meetingRecord } from '../../app/council/minutes.server'
import { resolutionCode, seatsFilled } from '../../app/council/rules'
import { searchable } from '../../app/lib/search'
import { originalContent } from '../../app/i18n/content'
import type { AttendanceStatus, Database } from '../schema'

// A year (2025) of CMI plenary meetings: the civil-society members elected in the demo 2024 election
// plus eight government seats appointed by hand, monthly ordinary meetings and one extraordinary,
// attendance with alternates sitting in, votes, numbered resolutions, minutes approved at the next
// meeting and published (December's still waiting for approval), one erratum, and the next meeting
// convened. Also a working group and the Sé Participatory Council (bodies only). Fixed ids.
// Terms (ADR 016): everyone sworn in on 15 January 2025 for the CMI's two years; in August one
// elected full member resigned and the first alternate of the segment took the seat.
export const DEMO_CMI_BODY = 'demo-body-cmi'
const DEMO_CMI_ELECTION_ID = 'demo-election-cmi-2024'
const SWORN_IN = '2025-01-15'
/** The demo told on 4 December 2026: the plenary's two years end on 15 January 2027. */
const FIRST_TERM_END = '2027-01-15'
const DAY = 86_400_000

/**
 * When the demo plenary's terms end, so that a demo seeded any day has sitting members: the 15
 * January of the original story, or — for a demo seeded later — the first 15 January at least a
 * month after the seed day (the story then reads as an extended term). Same day, same answer.
 */
export function demoTermEnds(today: Date): string {
  const monthAhead = new Date(today.getTime() + 30 * DAY).toISOString().slice(0, 10)
  let year = Number(FIRST_TERM_END.slice(0, 4))
  while (`${year}-01-15` < monthAhead) year++
  return `${year}-01-15`
}

const MONTHS_PT = [
  'janeiro',
  'fevereiro',
  'março',
  'abril',
  'maio',
  'junho',
  'julho',
  'agosto',
  'setembro',
  'outubro',
  'novembro',
  'dezembro',
]
const RESIGNED_ON = '2025-08-01'
export const DEMO_SUCCESSOR = 'demo-member-civil-successor'
type Tx = Transaction<Database>

const GOVERNMENT = ['SMDHC', 'SMADS', 'SME', 'SMS', 'SMDET', 'SMC', 'SMSU', 'SMHAB']
const TOPICS: [string, string][] = [
  [
    'Plano de trabalho do CMI para 2025',
    'Aprovar o plano de trabalho do Conselho para 2025, com as comissões temáticas.',
  ],
  [
    'Campanha contra a xenofobia no transporte',
    'Recomendar à SMDHC a campanha "Aqui se fala muitas línguas" em ônibus e metrô.',
  ],
  ['Regimento interno: comissões temáticas', 'Criar as comissões de Trabalho, Educação e Saúde.'],
  [
    'Recomendação sobre matrícula escolar sem documentos',
    'Recomendar à SME que nenhuma matrícula seja recusada por falta de documento.',
  ],
  [
    'Calendário da Conferência Municipal 2026',
    'Aprovar o calendário das pré-conferências regionais e livres.',
  ],
  [
    'Nota pública sobre o atendimento a refugiados venezuelanos',
    'Aprovar nota pública pedindo vagas de acolhida.',
  ],
  ['Intérpretes nas UBS', 'Recomendar à SMS a contratação de agentes de saúde imigrantes.'],
  ['Orçamento 2026 para políticas migratórias', 'Apresentar propostas ao orçamento municipal de 2026.'],
  ['Monitoramento do Plano Municipal', 'Aprovar o relatório de monitoramento do primeiro semestre.'],
  ['Diplomas e revalidação', 'Recomendar convênio com universidades para revalidação de diplomas.'],
  ['Balanço do ano', 'Aprovar o relatório anual do CMI.'],
]

/** The CMI plenary's composition (migration 024): the real council's, 8 government and 8 civil society. */
export async function seedDemoCouncilComposition(trx: Tx): Promise<void> {
  await trx
    .updateTable('council_bodies')
    .set({
      seats: CMI_COMPOSITION.seats,
      government_seats: CMI_COMPOSITION.governmentSeats,
      civil_society_seats: CMI_COMPOSITION.civilSocietySeats,
      alternates_per_seat: CMI_COMPOSITION.alternatesPerSeat,
    })
    .where('id', '=', DEMO_CMI_BODY)
    .execute()
}

export async function seedDemoCouncil(trx: Tx, today: Date = new Date()): Promise<void> {
  const termEnds = demoTermEnds(today)
  const at = '2025-01-10T12:00:00.000Z'
  const body = (
    id: string,
    kind: Database['council_bodies']['kind'],
    name: Record<string, string>,
    extra: Partial<Insertable<Database['council_bodies']>> = {},
  ) =>
    trx
      .insertInto('council_bodies')
      .values({
        id,
        kind,
        name_i18n: JSON.stringify(name),
        subprefecture_id: null,
        parent_id: null,
        seats: 16,
        quorum_open_pct: 50,
        quorum_open_strict: 1,
        quorum_deliberate_pct: 50,
        quorum_deliberate_strict: 1,
        notice_days: 7,
        extraordinary_notice_days: 2,
        resolution_code: 'CMI',
        created_at: at,
        ...extra,
      })
      .execute()
  await body(DEMO_CMI_BODY, 'cmi_plenary', {
    'pt-BR': 'Conselho Municipal de Imigrantes — Plenário',
    es: 'Consejo Municipal de Inmigrantes — Pleno',
    en: 'Municipal Council of Immigrants — Plenary',
    fr: 'Conseil municipal des immigrés — Plénière',
  })
  await body(
    'demo-body-cmi-wg-work',
    'working_group',
    {
      'pt-BR': 'CMI — Comissão de Trabalho',
      es: 'CMI — Comisión de Trabajo',
      en: 'CMI — Working group on work',
    },
    { parent_id: DEMO_CMI_BODY, seats: 6, resolution_code: 'CMI-CT' },
  )
  const se = await trx.selectFrom('subprefectures').select('id').where('slug', '=', 'se').executeTakeFirst()
  await body(
    'demo-body-cpm-se',
    'cpm',
    {
      'pt-BR': 'Conselho Participativo Municipal — Sé',
      es: 'Consejo Participativo Municipal — Sé',
      en: 'Participatory Council — Sé',
    },
    { subprefecture_id: se?.id ?? null, seats: 23, resolution_code: 'CPM-SE' },
  )

  // Members: the elected civil society (alternates paired by segment and rank), then government seats.
  const elected = await trx
    .selectFrom('council_members')
    .selectAll()
    .where('body', '=', 'cmi')
    .where('election_id', '=', DEMO_CMI_ELECTION_ID)
    .orderBy('seat', 'desc')
    .orderBy('segment')
    .orderBy('rank')
    .execute()
  const fullByKey = new Map<string, string>()
  for (const [i, e] of elected.entries()) {
    const id = `demo-member-civil-${i + 1}`
    const role = e.seat === 'titular' ? 'full' : 'alternate'
    const alternateFor = role === 'alternate' ? (fullByKey.get(`${e.segment}:${e.rank}`) ?? null) : null
    if (role === 'full') fullByKey.set(`${e.segment}:${e.rank}`, id)
    await trx
      .insertInto('body_members')
      .values({
        id,
        body_id: DEMO_CMI_BODY,
        council_member_id: e.id,
        user_id: e.user_id,
        display_name: e.display_name,
        sector: 'civil_society',
        segment: e.segment,
        organisation: null,
        role,
        alternate_for: alternateFor,
        term_starts: SWORN_IN,
        term_ends: termEnds,
        ended_reason: null,
        created_at: at,
      })
      .execute()
  }
  for (const [i, org] of GOVERNMENT.entries()) {
    const full = `demo-member-gov-${i + 1}`
    const alt = `demo-member-gov-${i + 1}-alt`
    await trx
      .insertInto('body_members')
      .values({
        id: full,
        body_id: DEMO_CMI_BODY,
        council_member_id: null,
        user_id: null,
        display_name: `Representante titular da ${org}`,
        sector: 'government',
        segment: null,
        organisation: org,
        role: 'full',
        alternate_for: null,
        term_starts: SWORN_IN,
        term_ends: i === 6 ? '2025-07-01' : termEnds,
        ended_reason: i === 6 ? 'Substituição pela secretaria' : null,
        created_at: at,
      })
      .execute()
    await trx
      .insertInto('body_members')
      .values({
        id: alt,
        body_id: DEMO_CMI_BODY,
        council_member_id: null,
        user_id: null,
        display_name: `Representante suplente da ${org}`,
        sector: 'government',
        segment: null,
        organisation: org,
        role: 'alternate',
        alternate_for: full,
        term_starts: SWORN_IN,
        term_ends: termEnds,
        ended_reason: null,
        created_at: at,
      })
      .execute()
  }
  // The replacement for the SMSU seat from July on (history kept).
  await trx
    .insertInto('body_members')
    .values({
      id: 'demo-member-gov-7b',
      body_id: DEMO_CMI_BODY,
      council_member_id: null,
      user_id: null,
      display_name: 'Nova representante titular da SMSU',
      sector: 'government',
      segment: null,
      organisation: 'SMSU',
      role: 'full',
      alternate_for: null,
      term_starts: '2025-07-01',
      term_ends: termEnds,
      ended_reason: null,
      created_at: at,
    })
    .execute()
  await trx
    .updateTable('body_members')
    .set({ alternate_for: 'demo-member-gov-7b' })
    .where('id', '=', 'demo-member-gov-7-alt')
    .execute()
  await seedDemoSuccession(trx, termEnds)

  const months = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
  let resolutionNumber = 0
  let previous: string | null = null
  for (const [k, month] of months.entries()) {
    const id = `demo-meeting-2025-${String(month).padStart(2, '0')}`
    const startsAt = `2025-${String(month).padStart(2, '0')}-1${k % 2}T17:00:00.000Z`
    await meeting(trx, id, 'ordinary', `${k + 1}ª Reunião Ordinária de 2025`, startsAt, 'held')
    const day = startsAt.slice(0, 10)
    const active = await trx
      .selectFrom('body_members')
      .select(['id', 'role', 'alternate_for'])
      .where('body_id', '=', DEMO_CMI_BODY)
      .where('term_starts', '<=', day)
      .where((eb) => eb.or([eb('term_ends', 'is', null), eb('term_ends', '>', day)]))
      .execute()
    // Deterministic attendance: most full members come; a rotating few are absent or excused, and
    // some of their alternates sit in.
    const presence = new Map<string, AttendanceStatus>()
    active.forEach((m, i) => {
      const r = (i * 7 + k * 3) % 11
      if (m.role === 'full') presence.set(m.id, r === 0 ? 'excused' : r === 5 ? 'absent' : 'present')
      else presence.set(m.id, r % 2 === 0 ? 'present' : 'absent')
    })
    for (const [memberId, status] of presence)
      await trx
        .insertInto('attendance')
        .values({ meeting_id: id, member_id: memberId, status, recorded_at: startsAt })
        .execute()
    const filled = seatsFilled(active as never, (x) => presence.get(x)).filled
    let position = 0
    const item = async (
      title: string,
      kind: 'information' | 'deliberation',
      motion: string | null,
      approves: string | null,
      vote: [number, number, number] | null,
    ) => {
      position += 1
      const itemId = `${id}-i${position}`
      await trx
        .insertInto('agenda_items')
        .values({
          id: itemId,
          meeting_id: id,
          position,
          title,
          description: null,
          title_i18n: originalContent(title),
          kind,
          motion,
          approves_minutes_of: approves,
          vote_mode: vote ? 'counts' : null,
          votes_yes: vote?.[0] ?? null,
          votes_no: vote?.[1] ?? null,
          votes_abstain: vote?.[2] ?? null,
          present_at_vote: vote ? filled : null,
          outcome: vote ? (vote[0] > vote[1] ? 'approved' : 'rejected') : null,
          voted_at: vote ? startsAt : null,
        })
        .execute()
      return itemId
    }
    if (previous)
      await item('Aprovação da ata da reunião anterior', 'deliberation', null, previous, [filled - 1, 0, 1])
    await item('Informes da secretaria executiva', 'information', null, null, null)
    const [topic, motion] = TOPICS[k]!
    const rejected = k === 5
    const topicItem = await item(
      topic,
      'deliberation',
      motion,
      null,
      rejected ? [4, filled - 6, 2] : [filled - 3, 1, 2],
    )
    if (!rejected) {
      resolutionNumber += 1
      const code = resolutionCode(resolutionNumber, 'CMI', 2025)
      await trx
        .insertInto('resolutions')
        .values({
          id: `demo-resolution-2025-${resolutionNumber}`,
          body_id: DEMO_CMI_BODY,
          year: 2025,
          number: resolutionNumber,
          item_id: topicItem,
          title: topic,
          title_i18n: originalContent(topic),
          body: `O Conselho Municipal de Imigrantes, reunido em ${day}, resolve: ${motion}`,
          summary_i18n:
            k === 1
              ? JSON.stringify({
                  'pt-BR': 'O CMI recomenda a campanha contra a xenofobia no transporte.',
                  es: 'El CMI recomienda la campaña contra la xenofobia en el transporte.',
                  ht: 'CMI a rekòmande kanpay kont ksenofobi nan transpò a.',
                  en: 'The CMI recommends the campaign against xenophobia on public transport.',
                })
              : null,
          gazette_reference: `DOC ${day.slice(8, 10)}/${day.slice(5, 7)}/2025, p. ${10 + k}`,
          search_text: searchable(code, topic, motion),
          created_at: startsAt,
        })
        .execute()
    }
    const last = k === months.length - 1
    const text = `Aos ${Number(day.slice(8, 10))} dias do mês, reuniu-se o plenário do Conselho Municipal de Imigrantes. Após os informes, o conselho discutiu: ${topic}. ${rejected ? 'A proposta não foi aprovada e volta à comissão.' : 'A proposta foi aprovada e virou resolução.'} (Conteúdo de demonstração.)`
    await trx
      .insertInto('minutes')
      .values({
        id: `${id}-minutes`,
        meeting_id: id,
        status: last ? 'circulated' : 'published',
        record_json: JSON.stringify(await meetingRecord(trx, id)),
        text,
        summary_i18n: JSON.stringify({
          'pt-BR': `Reunião de ${day}: ${topic}.`,
          es: `Reunión del ${day}: ${topic} (resumen en portugués en el acta).`,
        }),
        approved_by_item: null,
        approved_at: null,
        circulated_at: startsAt,
        published_at: last ? null : startsAt,
        search_text: searchable(`${k + 1}ª Reunião Ordinária de 2025`, text, topic, motion),
        updated_at: startsAt,
      })
      .execute()
    if (previous)
      await trx
        .updateTable('minutes')
        .set({ approved_by_item: `${id}-i1`, approved_at: startsAt })
        .where('meeting_id', '=', previous)
        .execute()
    previous = id
    if (month === 6) {
      const x = 'demo-meeting-2025-06-x'
      await meeting(
        trx,
        x,
        'extraordinary',
        'Reunião Extraordinária — nota pública',
        '2025-06-25T17:00:00.000Z',
        'held',
      )
      for (const [memberId, status] of presence)
        await trx
          .insertInto('attendance')
          .values({ meeting_id: x, member_id: memberId, status, recorded_at: '2025-06-25T17:00:00.000Z' })
          .execute()
      await trx
        .insertInto('agenda_items')
        .values({
          id: `${x}-i1`,
          meeting_id: x,
          position: 1,
          title: 'Nota pública sobre ataques xenófobos',
          description: null,
          title_i18n: originalContent('Nota pública sobre ataques xenófobos'),
          kind: 'deliberation',
          motion: 'Aprovar nota pública de repúdio.',
          approves_minutes_of: null,
          vote_mode: 'counts',
          votes_yes: filled - 1,
          votes_no: 0,
          votes_abstain: 1,
          present_at_vote: filled,
          outcome: 'approved',
          voted_at: '2025-06-25T17:00:00.000Z',
        })
        .execute()
    }
  }
  await trx
    .insertInto('minutes_errata')
    .values({
      id: 'demo-erratum-1',
      minutes_id: 'demo-meeting-2025-03-minutes',
      text: 'Onde se lê "comissões temáticas", leia-se "comissões temáticas permanentes".',
      created_by: 'demo-secretariat',
      published_at: '2025-05-02T12:00:00.000Z',
    })
    .execute()

  // The next meeting, convened with its agenda (approval of December's minutes first), six days
  // after the seed day so the demo always has one coming (the id stays: tests and links use it).
  const next = new Date(Date.parse(`${today.toISOString().slice(0, 10)}T17:00:00.000Z`) + 6 * DAY)
  await meeting(
    trx,
    'demo-meeting-2026-12',
    'ordinary',
    `1ª Reunião Ordinária — ${MONTHS_PT[next.getUTCMonth()]} de ${next.getUTCFullYear()}`,
    next.toISOString(),
    'convened',
  )
  await trx
    .insertInto('agenda_items')
    .values([
      {
        id: 'demo-meeting-2026-12-i1',
        meeting_id: 'demo-meeting-2026-12',
        position: 1,
        title: 'Aprovação da ata de dezembro de 2025',
        description: null,
        title_i18n: originalContent('Aprovação da ata de dezembro de 2025'),
        kind: 'deliberation',
        motion: null,
        approves_minutes_of: 'demo-meeting-2025-12',
        vote_mode: null,
        votes_yes: null,
        votes_no: null,
        votes_abstain: null,
        present_at_vote: null,
        outcome: null,
        voted_at: null,
      },
      {
        id: 'demo-meeting-2026-12-i2',
        meeting_id: 'demo-meeting-2026-12',
        position: 2,
        title: 'Resultado da consulta sobre a campanha 2027',
        description: 'Apresentação do relatório da consulta pública.',
        title_i18n: originalContent('Resultado da consulta sobre a campanha 2027'),
        description_i18n: originalContent('Apresentação do relatório da consulta pública.'),
        kind: 'information',
        motion: null,
        approves_minutes_of: null,
        vote_mode: null,
        votes_yes: null,
        votes_no: null,
        votes_abstain: null,
        present_at_vote: null,
        outcome: null,
        voted_at: null,
      },
    ])
    .execute()
}

/**
 * The first elected full member of the first segment with an alternate resigned on 1 August 2025;
 * the segment's first alternate took the seat (their alternate membership ends that day, a full one
 * starts). The first-ranked titular, so the alternates left stay paired with their titulars and the
 * seats filled at a meeting stay as they were (the meeting stories count on them). Only columns that exist before migration 020: `seedDemoTerms` adds the reason, the act
 * and the link between the two.
 */
async function seedDemoSuccession(trx: Tx, termEnds: string) {
  const civil = await trx
    .selectFrom('body_members as m')
    .innerJoin('council_members as c', 'c.id', 'm.council_member_id')
    .selectAll('m')
    .select('c.rank')
    .where('m.body_id', '=', DEMO_CMI_BODY)
    .orderBy('m.segment')
    .orderBy('c.rank')
    .execute()
  const segment = civil.find((m) => m.role === 'alternate')?.segment
  const vacated = civil.find((m) => m.segment === segment && m.role === 'full')
  const successor = civil.find((m) => m.segment === segment && m.role === 'alternate')
  if (!vacated || !successor) return
  await trx.updateTable('body_members').set({ term_ends: RESIGNED_ON }).where('id', '=', vacated.id).execute()
  await trx
    .updateTable('body_members')
    .set({ term_ends: RESIGNED_ON })
    .where('id', '=', successor.id)
    .execute()
  const { rank: _rank, ...row } = successor
  await trx
    .insertInto('body_members')
    .values({
      ...row,
      id: DEMO_SUCCESSOR,
      role: 'full',
      alternate_for: null,
      term_starts: RESIGNED_ON,
      term_ends: termEnds,
    })
    .execute()
}

/**
 * What migration 020 adds to the demo: the official result's publication date, the swearing-in,
 * the resignation's reason and act, and who succeeded whom.
 */
export async function seedDemoTerms(trx: Tx, today: Date = new Date()): Promise<void> {
  const termEnds = demoTermEnds(today)
  await trx
    .updateTable('elections')
    .set({ gazette_published_on: '2024-12-20' })
    .where('id', '=', DEMO_CMI_ELECTION_ID)
    .execute()
  await trx
    .insertInto('body_swearings')
    .values({
      body_id: DEMO_CMI_BODY,
      election_id: DEMO_CMI_ELECTION_ID,
      sworn_in_on: SWORN_IN,
      recorded_at: `${SWORN_IN}T15:00:00.000Z`,
    })
    .execute()
  await trx
    .updateTable('council_members')
    .set({ term_starts: SWORN_IN, term_ends: termEnds })
    .where('election_id', '=', DEMO_CMI_ELECTION_ID)
    .execute()
  await trx
    .updateTable('body_members')
    .set({ leave_reason: 'resignation', leave_act: 'Portaria 12/2025 — SMDHC', successor_id: DEMO_SUCCESSOR })
    .where('body_id', '=', DEMO_CMI_BODY)
    .where('role', '=', 'full')
    .where('sector', '=', 'civil_society')
    .where('term_ends', '=', RESIGNED_ON)
    .execute()
}

/**
 * A meeting of the demo CMI plenary at its usual place, convened (by default) ten days before it
 * starts; held meetings opened and closed at their start. Also used by the counsellors' seed.
 */
export async function meeting(
  trx: Tx | Kysely<Database>,
  id: string,
  kind: 'ordinary' | 'extraordinary',
  title: string,
  startsAt: string,
  status: Database['meetings']['status'],
  convenedAt?: string,
) {
  const convened = convenedAt ?? new Date(new Date(startsAt).getTime() - 10 * 86_400_000).toISOString()
  await trx
    .insertInto('meetings')
    .values({
      id,
      body_id: DEMO_CMI_BODY,
      kind,
      title,
      title_i18n: originalContent(title),
      starts_at: startsAt,
      place: 'Sede da SMDHC — Rua Líbero Badaró, 119, Centro',
      online_url: 'https://example.org/mutirao-demo/reuniao',
      status,
      convened_at: convened,
      opened_at: status === 'held' ? startsAt : null,
      closed_at: status === 'held' ? startsAt : null,
      created_at: convened,
    })
    .execute()
}
